import { stdin, stdout } from "node:process";
import { CliError } from "./accounts-cli.ts";

/** Reads all of standard input (for `--password-stdin`), without its final newline. */
export async function readStdin(): Promise<string> {
  let text = "";
  stdin.setEncoding("utf8");
  for await (const chunk of stdin) text += chunk;
  return text.replace(/\r?\n$/, "");
}

/** Asks for a secret on the terminal without echoing it. */
export function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!stdin.isTTY) {
      reject(new CliError("no terminal to ask on: pass the password on standard input with --password-stdin"));
      return;
    }
    stdout.write(question);
    stdin.setRawMode(true);
    stdin.setEncoding("utf8");
    stdin.resume();
    let answer = "";
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === "\r" || char === "\n") {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off("data", onData);
          stdout.write("\n");
          resolve(answer);
          return;
        }
        if (char === "\u0003") {
          stdin.setRawMode(false);
          stdout.write("\n");
          process.exit(130);
        }
        answer = char === "\u007f" ? answer.slice(0, -1) : answer + char;
      }
    };
    stdin.on("data", onData);
  });
}
