// Times "forgot password" for addresses that have an account and addresses that do not, so
// anyone can check that the answer's timing does not say which (README, "Email addresses").
//
//   TRUST_PROXY=loopback RATE_LIMIT_POINTS=100000 npm start   # in one terminal (a fresh .data)
//   node scripts/measure-forgot-timing.mjs http://127.0.0.1:3000 100
//
// Each request comes "from" its own address (X-Forwarded-For, trusted from loopback only), so the
// per-IP and per-address limits are not what is measured. The two kinds are asked in random order
// with a pause after each: in the embedded mode the worker runs in the API's process, and a known
// address's background task would otherwise slow the request that follows it.
const [api = "http://127.0.0.1:3000", count = "100"] = process.argv.slice(2);
const N = Number(count);
const run = Date.now().toString(36);
const pause = () => new Promise((resolve) => setTimeout(resolve, 250));
const ip = (kind, i) => `10.${kind}.${i >> 8}.${i & 255}`;

async function post(path, body, from) {
  const started = process.hrtime.bigint();
  const response = await fetch(`${api}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": from },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

const address = (i) => `timing_${run}_${i}@example.gov`;
for (let i = 0; i < N; i++) {
  const body = {
    username: `timing_${run}_${i}`,
    password: "correct horse battery staple",
    fullName: "T",
    email: address(i),
  };
  const made = await post("/api/auth/register", body, ip(9, i));
  if (made.status !== 201) throw new Error(`sign-up ${i}: ${made.status} ${made.text}`);
}
await new Promise((resolve) => setTimeout(resolve, 3_000));

const times = { known: [], unknown: [] };
const bodies = new Set();
for (let i = 0; i < N; i++) {
  const ask = (kind) => async () => {
    const email = kind === "known" ? address(i) : `nobody_${run}_${i}@example.gov`;
    const answer = await post("/api/auth/password/forgot", { email }, ip(kind === "known" ? 7 : 8, i));
    if (answer.status !== 202) throw new Error(`forgot (${kind}): ${answer.status} ${answer.text}`);
    bodies.add(answer.text);
    times[kind].push(answer.ms);
    await pause();
  };
  const order = Math.random() < 0.5 ? ["known", "unknown"] : ["unknown", "known"];
  for (const kind of order) await ask(kind)();
}

const quantile = (values, q) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))];
const line = (kind) =>
  `${kind.padEnd(8)} median ${quantile(times[kind], 0.5).toFixed(2)} ms, p90 ${quantile(times[kind], 0.9).toFixed(2)} ms`;
console.log(`${line("known")}\n${line("unknown")}`);
console.log(`distinct answers: ${bodies.size} (1 means the same body for both)`);
console.log(`median known / unknown: ${(quantile(times.known, 0.5) / quantile(times.unknown, 0.5)).toFixed(3)}`);
