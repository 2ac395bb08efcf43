import type { FormEvent } from "react";
import { useState } from "react";
import { Field } from "./field.tsx";

/**
 * A search landmark: a box and its button. The words are sent with the button (or Enter), not at
 * every key, so each search is one request and one entry in the address. Give it `key={value}` so
 * a search from the address (Back, a link) starts the box afresh with its words.
 */
export function SearchBox({
  label,
  hint,
  value,
  onSearch,
}: {
  readonly label: string;
  readonly hint?: string;
  readonly value: string;
  readonly onSearch: (words: string) => void;
}) {
  const [text, setText] = useState(value);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(text.trim());
  };
  return (
    <search className="search-box">
      <form onSubmit={submit}>
        <Field label={label} {...(hint ? { hint } : {})}>
          {(props) => (
            <input {...props} type="search" name="q" value={text} onChange={(event) => setText(event.target.value)} />
          )}
        </Field>
        <button type="submit">Search</button>
      </form>
    </search>
  );
}
