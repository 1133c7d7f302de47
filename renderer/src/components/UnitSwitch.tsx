import { useId } from 'react';
import { SIZE_UNITS } from '../../../shared/contract.ts';
import type { SizeUnit } from '../../../shared/report/types.ts';

const LABELS: Record<SizeUnit, string> = { MB: 'MB', GB: 'GB', auto: 'Auto' };

/** Radio buttons for the size unit: MB, GB, or automatic per value. */
export function UnitSwitch({ value, onChange }: { value: SizeUnit; onChange: (unit: SizeUnit) => void }) {
  const name = useId();
  return (
    <fieldset className="unit-switch">
      <legend>Sizes in</legend>
      {SIZE_UNITS.map((unit) => (
        <label key={unit} className="inline">
          <input type="radio" name={name} value={unit} checked={value === unit} onChange={() => onChange(unit)} />
          {LABELS[unit]}
        </label>
      ))}
    </fieldset>
  );
}
