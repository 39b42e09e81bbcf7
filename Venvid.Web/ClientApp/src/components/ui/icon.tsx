/** An icon as build/svg-icons.ts reads it: the SVG's viewBox and the markup inside its root element. */
export type IconData = { viewBox: string; body: string };

type IconProps = {
  icon: IconData;
  className?: string;
  /** Only for an icon that is the sole content of its meaning; most icons sit next to text and stay hidden. */
  label?: string;
};

/**
 * An inline SVG icon, 1em square in the current text colour and set on the baseline like the icon font was, so
 * font-size utilities (fs-4, display-5) and spacing utilities (me-2) size and place it.
 */
export function Icon({ icon, className, label }: IconProps) {
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      className={className ? `icon ${className}` : 'icon'}
      width="1em"
      height="1em"
      viewBox={icon.viewBox}
      fill="currentColor"
      focusable="false"
      {...(label ? { role: 'img', 'aria-label': label } : { 'aria-hidden': true })}
      // The markup comes from the icon files at build time, never from user data.
      dangerouslySetInnerHTML={{ __html: icon.body }}
    />
  );
}
