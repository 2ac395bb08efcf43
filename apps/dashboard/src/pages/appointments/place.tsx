import type { Place } from "./types.ts";

/** Where a hospital is and how to call it: its address on lines, and its phone as a link phones can dial. */
export function PlaceDetails({ place }: { readonly place: Place }) {
  return (
    <address className="place">
      <strong>{place.name}</strong>
      <br />
      {place.address}
      {/* Some addresses already end with the city and state: not twice. */}
      {place.address.toLowerCase().includes(place.city.toLowerCase()) ? null : (
        <>
          <br />
          {place.city}, {place.state}
        </>
      )}
      {place.phone ? (
        <>
          <br />
          Phone: <a href={`tel:${place.phone.replace(/[^\d+]/g, "")}`}>{place.phone}</a>
        </>
      ) : null}
    </address>
  );
}
