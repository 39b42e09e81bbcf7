/** A person's initial in a coloured circle (decorative: their name is always written next to it). */
export function Avatar({ name, large = false }: { name: string; large?: boolean }) {
  return (
    <span className={`avatar-circle${large ? ' avatar-lg' : ''}`} aria-hidden="true">
      {name.charAt(0).toUpperCase()}
    </span>
  );
}
