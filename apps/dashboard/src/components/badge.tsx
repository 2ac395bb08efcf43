/**
 * A status or severity as a coloured label (the colour is never the only cue: the text says it).
 * The colour follows the value's name unless `tone` names another (an account's "active" is good
 * news, an alert's is not), or the status whose colour it takes when the words differ from it
 * (an appointment "scheduled" reads "Booked").
 */
export function Badge({ value, tone }: { readonly value: string; readonly tone?: string }) {
  return <span className={`badge badge-${tone ?? value.toLowerCase()}`}>{value}</span>;
}
