import type { EquipmentRequirement, PeripheralCategory } from '@wardwatch/shared';

/** Where the requirement `status` shows came from. */
export type RequirementSource = 'server' | 'local';

export interface PeripheralRequirement {
  /** Categories required at least once, in display order. */
  categories: PeripheralCategory[];
  /** How many of each are required (1 unless the server says more). */
  counts: Partial<Record<PeripheralCategory, number>>;
  source: RequirementSource;
}

/**
 * The server's equipment categories that are peripherals of this workstation, under the same
 * names the catalog classifies USB devices into. `workstation` is the station itself, counted
 * per ward by the server, so it is no device to look for here.
 */
export const SERVER_PERIPHERALS = [
  'fingerprint',
  'scanner',
  'card_reader',
] as const satisfies readonly (keyof EquipmentRequirement & PeripheralCategory)[];

/**
 * The peripherals to show as required: the ward's requirement from the server's last welcome
 * when the agent ever got one (a category required 0 times is not required), else the local
 * config's `requiredPeripherals`.
 */
export function peripheralRequirement(
  server: EquipmentRequirement | undefined,
  local: readonly PeripheralCategory[],
): PeripheralRequirement {
  if (!server) {
    return {
      categories: [...local],
      counts: Object.fromEntries(local.map((c) => [c, 1])),
      source: 'local',
    };
  }
  const categories = SERVER_PERIPHERALS.filter((c) => server[c] > 0);
  return {
    categories,
    counts: Object.fromEntries(categories.map((c) => [c, server[c]])),
    source: 'server',
  };
}
