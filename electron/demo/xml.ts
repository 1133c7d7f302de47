// Writes response bodies shaped like the N-sight Data Extraction API's: a `<result>` envelope,
// free text in CDATA, ids, counts and flags as plain text, `<tag/>` for empty values. Bodies
// are ISO-8859-1 like the real service's, or UTF-8 when a character does not fit.

import type { BackupSession, Client, Device, DeviceDetails, DeviceType, Site } from '../../shared/nsight.ts';

export type XmlCharset = 'ISO-8859-1' | 'UTF-8';

/** A finished response body. */
export interface XmlDocument {
  charset: XmlCharset;
  /** `text/xml; charset=...` to send with the body. */
  contentType: string;
  body: Uint8Array;
}

/** The `<result>` attributes shared by every body. */
export interface Envelope {
  host: string;
  created: Date;
}

// ISO-8859-1 bodies are read as windows-1252, as browsers do, so C1 controls (U+0080 to U+009F)
// would change meaning: they too make the body UTF-8.
const NOT_SINGLE_BYTE = /[^\u0000-\u007f\u00a0-\u00ff]/;

/** Formats an instant as the API's UTC session time, `YYYY-MM-DD HH:MM:SS` (years 0 to 9999). */
export function formatUtcTime(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

function formatCreated(date: Date): string {
  return `${formatUtcTime(date).replace(' ', 'T')}+00:00`;
}

const NEEDS_ESCAPE = /[&<>"]/;

/** Escapes text for use outside CDATA. */
export function escapeText(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) {
    return value;
  }
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Writes an element with plain text content (ids, counts, flags, dates), or `<tag/>` when empty. */
function text(tag: string, value: string | number | null): string {
  if (value === null || value === '') {
    return `<${tag}/>`;
  }
  return `<${tag}>${typeof value === 'number' ? value : escapeText(value)}</${tag}>`;
}

/** Writes an element with free text in CDATA, or `<tag/>` when empty. */
function cdata(tag: string, value: string | null): string {
  if (value === null || value === '') {
    return `<${tag}/>`;
  }
  // `]]>` cannot appear inside a CDATA section, so it is split across two sections.
  return `<${tag}><![CDATA[${value.replaceAll(']]>', ']]]]><![CDATA[>')}]]></${tag}>`;
}

function flag(value: boolean | null): string {
  if (value === null) {
    return '';
  }
  return value ? '1' : '0';
}

function resultStart(envelope: Envelope, status: 'OK' | 'FAIL'): string {
  return `<result created="${formatCreated(envelope.created)}" host="${escapeText(envelope.host)}" status="${status}">\n`;
}

function declaration(charset: XmlCharset): string {
  return `<?xml version="1.0" encoding="${charset}"?>\n`;
}

const RESULT_END = '</result>\n';

/** Wraps the inner lines in the envelope and encodes them by the narrowest fitting charset. */
function finish(envelope: Envelope, status: 'OK' | 'FAIL', inner: string): XmlDocument {
  const content = resultStart(envelope, status) + inner + RESULT_END;
  const charset: XmlCharset = NOT_SINGLE_BYTE.test(content) ? 'UTF-8' : 'ISO-8859-1';
  return {
    charset,
    contentType: `text/xml; charset=${charset}`,
    body: Buffer.from(declaration(charset) + content, charset === 'UTF-8' ? 'utf8' : 'latin1'),
  };
}

function items(records: string): string {
  return records === '' ? '  <items/>\n' : `  <items>\n${records}  </items>\n`;
}

/** Writes a `status="FAIL"` body; `code` is left out when undefined, as for "Service unknown". */
export function writeFailBody(envelope: Envelope, code: string | undefined, message: string): XmlDocument {
  const codeLine = code === undefined ? '' : `    ${text('errorcode', code)}\n`;
  return finish(envelope, 'FAIL', `  <error>\n${codeLine}    ${text('message', message)}\n  </error>\n`);
}

/** Writes a `list_clients` body. */
export function writeClientsBody(envelope: Envelope, clients: readonly Client[]): XmlDocument {
  let records = '';
  for (const client of clients) {
    records +=
      '    <client>\n' +
      `      ${cdata('name', client.name)}\n` +
      `      ${text('clientid', client.id)}\n` +
      `      ${text('view_dashboard', flag(client.viewDashboard))}\n` +
      `      ${text('view_wkstsn_assets', flag(client.viewWorkstationAssets))}\n` +
      `      ${cdata('dashboard_username', client.dashboardUsername ?? 'none')}\n` +
      `      ${cdata('timezone', client.timeZone)}\n` +
      `      ${text('creation_date', client.creationDate)}\n` +
      `      ${text('server_count', client.serverCount)}\n` +
      `      ${text('workstation_count', client.workstationCount)}\n` +
      `      ${text('mobile_device_count', client.mobileDeviceCount)}\n` +
      `      ${text('device_count', client.deviceCount)}\n` +
      '    </client>\n';
  }
  return finish(envelope, 'OK', items(records));
}

/** Writes a `list_sites` body. */
export function writeSitesBody(envelope: Envelope, sites: readonly Site[]): XmlDocument {
  let records = '';
  for (const site of sites) {
    records +=
      '    <site>\n' +
      `      ${text('siteid', site.id)}\n` +
      `      ${cdata('name', site.name)}\n` +
      `      ${text('connection_ok', flag(site.connectionOk))}\n` +
      `      ${text('creation_date', site.creationDate)}\n` +
      `      ${cdata('primary_router', site.primaryRouter)}\n` +
      `      ${cdata('secondary_router', site.secondaryRouter)}\n` +
      '    </site>\n';
  }
  return finish(envelope, 'OK', items(records));
}

function writeDevice(device: Device): string {
  let lines =
    `        <${device.type}>\n` +
    `          ${text('id', device.id)}\n` +
    `          ${cdata('name', device.name)}\n` +
    `          ${cdata('username', device.username)}\n` +
    `          ${cdata('description', device.description)}\n` +
    `          ${text('status', device.status)}\n`;
  for (const count of device.checkCounts) {
    lines += `          <checkcount>${text('dsc_247', count.dsc247)}${text('pass', count.pass)}${text('clear', count.clear)}${text('fail', count.fail)}</checkcount>\n`;
  }
  lines +=
    `          ${text('takecontrol', flag(device.takeControl))}\n` +
    `          ${text('patch', flag(device.patch))}\n` +
    `          ${text('mav', flag(device.mav))}\n` +
    `          ${text('mob', flag(device.backupEnabled))}\n` +
    `          ${text('systray', flag(device.systray))}\n` +
    `          ${text('mavbreck', flag(device.mavbreck))}\n` +
    `        </${device.type}>\n`;
  return lines;
}

/**
 * Writes a `list_devices_at_client` body: the client, then each site with devices of `type`,
 * with every id in an element called `id`. `devices` must already be in output order.
 */
export function writeDevicesAtClientBody(
  envelope: Envelope,
  client: Pick<Client, 'id' | 'name'>,
  sites: readonly Pick<Site, 'id' | 'name'>[],
  devices: readonly Device[],
): XmlDocument {
  let siteLines = '';
  for (const site of sites) {
    const own = devices.filter((device) => device.siteId === site.id);
    if (own.length === 0) {
      continue;
    }
    siteLines += `      <site>\n        ${text('id', site.id)}\n        ${cdata('name', site.name)}\n`;
    for (const device of own) {
      siteLines += writeDevice(device);
    }
    siteLines += '      </site>\n';
  }
  if (siteLines === '') {
    return finish(envelope, 'OK', items(''));
  }
  const record = `    <client>\n      ${text('id', client.id)}\n      ${cdata('name', client.name)}\n${siteLines}    </client>\n`;
  return finish(envelope, 'OK', items(record));
}

/** Formats a Unix-seconds boot time, or the text the API sends when it has none. */
function bootTime(date: Date | null): string {
  return date === null ? 'Not Available' : String(Math.floor(date.getTime() / 1000));
}

/** Writes a `list_servers` or `list_workstations` body with the fields real bodies carry. */
export function writeDeviceDetailsBody(envelope: Envelope, type: DeviceType, devices: readonly DeviceDetails[]): XmlDocument {
  let records = '';
  for (const device of devices) {
    const scan = device.lastScanTime === null ? '0000-00-00 00:00:00' : formatUtcTime(device.lastScanTime);
    records +=
      `    <${type}>\n` +
      `      ${cdata('guid', device.guid)}\n` +
      `      ${cdata('name', device.name)}\n` +
      `      ${cdata('description', device.description)}\n` +
      `      ${text('install_date', device.installDate)}\n` +
      `      ${text('last_boot_time', bootTime(device.lastBootTime))}\n` +
      `      ${cdata('user', device.user)}\n` +
      `      ${cdata('domain', device.domain)}\n` +
      `      ${cdata('manufacturer', device.manufacturer)}\n` +
      `      ${cdata('model', device.model)}\n` +
      `      ${cdata('ip', device.ip)}\n` +
      `      ${cdata('external_ip', device.externalIp)}\n` +
      '      <mac1/>\n      <mac2/>\n      <mac3/>\n' +
      `      ${cdata('os', device.os)}\n` +
      `      ${cdata('os_details', device.osDetails)}\n` +
      `      ${text(`${type}id`, device.id)}\n` +
      `      ${text('agent_version', device.agentVersion)}\n` +
      '      <agent_mode>1</agent_mode>\n' +
      `      ${text('online', flag(device.online))}\n` +
      '      <active_247>1</active_247>\n      <check_interval_247>5</check_interval_247>\n' +
      `      ${text('assetid', device.assetId)}\n` +
      `      ${cdata('wins_name', device.name)}\n` +
      `      ${cdata('device_serial', device.deviceSerial)}\n` +
      `      ${text('os_type', type === 'server' ? 'server' : 'workstation')}\n` +
      `      ${text('last_scan_time', scan)}\n` +
      `    </${type}>\n`;
  }
  return finish(envelope, 'OK', items(records));
}

function writeSession(session: BackupSession): string {
  return `  <session>
    <session_id>${escapeText(session.id)}</session_id>
    ${text('type', session.type)}
    ${text('storage_account_id', session.storageAccountId)}
    ${text('plugin', session.plugin)}
    <start>${formatUtcTime(session.start)}</start>
    ${session.end === null ? '<end/>' : `<end>${formatUtcTime(session.end)}</end>`}
    <selection_size>${session.selectionSize}</selection_size>
    <selection_item_count>${session.selectionItemCount}</selection_item_count>
    <size_change>${session.sizeChange}</size_change>
    <item_count_change>${session.itemCountChange}</item_count_change>
    <removed_item_count>${session.removedItemCount}</removed_item_count>
    <processed_size>${session.processedSize}</processed_size>
    <processed_item_count>${session.processedItemCount}</processed_item_count>
    <transferred_size>${session.transferredSize}</transferred_size>
    <error_count>${session.errorCount}</error_count>
    ${text('status', session.status)}
  </session>
`;
}

/**
 * Writes a `list_mob_sessions` body with `<session>` elements directly under `<result>`, as
 * N-able's own example shows; a device without sessions gets an empty `<result>`.
 */
export function writeSessionsBody(envelope: Envelope, sessions: readonly BackupSession[]): XmlDocument {
  const wide = sessions.some((session) =>
    [session.id, session.type, session.storageAccountId ?? '', session.plugin, session.status].some((value) => NOT_SINGLE_BYTE.test(value)),
  );
  if (wide) {
    return finish(envelope, 'OK', sessions.map(writeSession).join(''));
  }

  // Bodies with 100,000 sessions run to tens of megabytes, so each session is written straight
  // into one growing buffer instead of joining one huge string and then scanning and copying it.
  const head = declaration('ISO-8859-1') + resultStart(envelope, 'OK');
  let buffer = Buffer.allocUnsafe(head.length + RESULT_END.length + sessions.length * 720);
  let offset = buffer.write(head, 0, 'latin1');
  for (const session of sessions) {
    const record = writeSession(session);
    if (offset + record.length + RESULT_END.length > buffer.length) {
      const larger = Buffer.allocUnsafe(Math.max(buffer.length * 2, offset + record.length + RESULT_END.length));
      buffer.copy(larger, 0, 0, offset);
      buffer = larger;
    }
    offset += buffer.write(record, offset, 'latin1');
  }
  offset += buffer.write(RESULT_END, offset, 'latin1');
  return { charset: 'ISO-8859-1', contentType: 'text/xml; charset=ISO-8859-1', body: buffer.subarray(0, offset) };
}
