import type { ProbeKind, TargetCreate, TargetPatch } from '@wardwatch/shared';

export const PROBES: readonly ProbeKind[] = ['icmp', 'tcp', 'http', 'dns', 'session'];

/** The target form's fields, as `formValues` reads them (trimmed strings). */
type FormFields = Record<string, string | undefined>;

const probeOf = (v: FormFields): ProbeKind => PROBES.find((p) => p === v.probe) ?? 'tcp';
const secondsToMs = (s: string) => Math.round(Number(s) * 1000);

/** A new target from the add form: empty fields are left out (the server's defaults apply). */
export function targetCreateFromForm(v: FormFields): TargetCreate {
  return {
    name: v.name ?? '',
    probe: probeOf(v),
    ...(v.host && { host: v.host }),
    ...(v.port && { port: Number(v.port) }),
    ...(v.url && { url: v.url }),
    ...(v.interval && { intervalMs: secondsToMs(v.interval) }),
    ...(v.wardId && { wardId: v.wardId }),
  };
}

/**
 * An edit from the edit form: every field the form shows is sent, an emptied one as `null`
 * (cleared; an emptied scope means every ward). Fields the form does not show stay as they are.
 */
export function targetPatchFromForm(v: FormFields): TargetPatch {
  return {
    name: v.name ?? '',
    probe: probeOf(v),
    host: v.host || null,
    port: v.port ? Number(v.port) : null,
    url: v.url || null,
    ...(v.interval && { intervalMs: secondsToMs(v.interval) }),
    wardId: v.wardId || null,
  };
}
