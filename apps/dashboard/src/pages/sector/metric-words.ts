import type { MetricDefinition } from "@govconnect/contracts";
import { withUnit } from "../../components/chart.tsx";
import { digitsOf, unitWorthSaying } from "../../components/metric-panel.tsx";
import type { Format } from "../../format.ts";

/** "a crop yield", "the number of active farms": the thing to enter, in a sentence. */
function thing(definition: MetricDefinition): string {
  const label = definition.label.toLowerCase();
  return label.endsWith("s") ? `the number of ${label}` : `a ${label}`;
}

/** "From 0 to 100 t/ha": a field's hint. */
export function rangeHint(definition: MetricDefinition, format: Format): string {
  const digits = digitsOf(definition.step);
  const number = (value: number) => format.number(value, { maximumFractionDigits: digits });
  const decimals = digits === 0 ? ", a whole number" : `, up to ${digits} decimal ${digits === 1 ? "place" : "places"}`;
  return `From ${number(definition.min)} to ${withUnit(number(definition.max), unitWorthSaying(definition))}${decimals}`;
}

/** "Enter a crop yield from 0 to 100 t/ha": what to do about a value out of range or not a number. */
export function rangeMessage(definition: MetricDefinition, format: Format): string {
  const digits = digitsOf(definition.step);
  const number = (value: number) => format.number(value, { maximumFractionDigits: digits });
  return `Enter ${thing(definition)} from ${number(definition.min)} to ${withUnit(number(definition.max), unitWorthSaying(definition))}`;
}

/** "Enter a crop yield with no more than 2 decimal places" (or as a whole number). */
export function stepMessage(definition: MetricDefinition): string {
  const digits = digitsOf(definition.step);
  if (digits === 0) return `Enter ${thing(definition)} as a whole number`;
  return `Enter ${thing(definition)} with no more than ${digits} decimal ${digits === 1 ? "place" : "places"}`;
}

/** What is wrong with a typed value (null when it can be sent), in words. */
export function valueProblem(definition: MetricDefinition, text: string, format: Format): string | null {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value < definition.min || value > definition.max) {
    return rangeMessage(definition, format);
  }
  const decimals = text.includes(".") ? (text.split(".")[1] ?? "").length : 0;
  return decimals > digitsOf(definition.step) ? stepMessage(definition) : null;
}
