import { useEffect, useMemo, useRef } from 'react';
import type { DeviceSummary, SiteSummary } from '../../../../shared/contract.ts';
import { formatCount } from '../../../../shared/report/format.ts';

export interface SitePickerProps {
  sites: readonly SiteSummary[];
  devices: readonly DeviceSummary[];
  selected: ReadonlySet<string>;
  onChange: (next: ReadonlySet<string>) => void;
}

/** Renders one checkbox per site that selects or clears all of the site's devices; partly selected sites show as mixed. */
export function SitePicker({ sites, devices, selected, onChange }: SitePickerProps) {
  const devicesBySite = useMemo(() => {
    const map = new Map<string, string[]>();
    for (const device of devices) {
      const list = map.get(device.siteId) ?? [];
      list.push(device.id);
      map.set(device.siteId, list);
    }
    return map;
  }, [devices]);

  if (sites.length === 0) return null;

  function toggleSite(siteId: string, select: boolean) {
    const next = new Set(selected);
    for (const id of devicesBySite.get(siteId) ?? []) {
      if (select) next.add(id);
      else next.delete(id);
    }
    onChange(next);
  }

  return (
    <fieldset>
      <legend>Select by site</legend>
      <div className="row-actions">
        {sites.map((site) => {
          const ids = devicesBySite.get(site.id) ?? [];
          const count = ids.filter((id) => selected.has(id)).length;
          let state: 'none' | 'some' | 'all' = 'some';
          if (count === 0) state = 'none';
          else if (count === ids.length) state = 'all';
          return (
            <SiteCheckbox
              key={site.id}
              label={`${site.name} (${formatCount(ids.length)})`}
              state={state}
              disabled={ids.length === 0}
              onToggle={(select) => toggleSite(site.id, select)}
            />
          );
        })}
      </div>
    </fieldset>
  );
}

function SiteCheckbox(props: {
  label: string;
  state: 'none' | 'some' | 'all';
  disabled: boolean;
  onToggle: (select: boolean) => void;
}) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = props.state === 'some';
  }, [props.state]);

  return (
    <label className="inline">
      <input
        ref={ref}
        type="checkbox"
        checked={props.state === 'all'}
        disabled={props.disabled}
        onChange={() => props.onToggle(props.state !== 'all')}
      />
      {props.label}
    </label>
  );
}
