/** A status or severity as a coloured label (the colour is never the only cue: the text says it). */
export function Badge({ value }: { readonly value: string }) {
  return <span className={`badge badge-${value.toLowerCase()}`}>{value}</span>;
}
