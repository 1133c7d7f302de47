import { useId } from 'react';
import { isValidTimeZone } from '../../../shared/report/time.ts';

let zones: string[] | null = null;

function allZones(): string[] {
  zones ??= Intl.supportedValuesOf('timeZone');
  return zones;
}

/** Renders a time zone input that suggests IANA names and flags a name that is not one. */
export function TimeZoneField(props: { label?: string; value: string; onChange: (zone: string) => void; hint?: string }) {
  const id = useId();
  const listId = useId();
  const hintId = useId();
  const valid = props.value === '' || isValidTimeZone(props.value);
  return (
    <label htmlFor={id}>
      {props.label ?? 'Time zone'}
      <input
        id={id}
        type="text"
        list={listId}
        value={props.value}
        spellCheck={false}
        aria-invalid={!valid}
        aria-describedby={hintId}
        onChange={(event) => props.onChange(event.target.value.trim())}
      />
      <datalist id={listId}>
        {allZones().map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <span id={hintId} className={valid ? 'muted' : 'error-text'} style={{ fontWeight: 'normal', fontSize: '0.8rem' }}>
        {valid ? (props.hint ?? '') : 'Not an IANA time zone, such as Europe/London.'}
      </span>
    </label>
  );
}
