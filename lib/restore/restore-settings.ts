import { DISK_CATEGORIES_CHEAPEST_FIRST } from '../ecs/disk-categories';
import { ConfigurationError } from '../failures/errors';

/** The disks of an instance restored from copies taken at most this far apart: a server's disks from one point. */
export const DEFAULT_RESTORE_SKEW_MINUTES = 60;

/**
 * Pay-as-you-go list prices of the data disk categories, in USD per GiB and month, for the dry run's estimate:
 * UNVERIFIED. They are of the order of Alibaba Cloud's international price page
 * (https://www.alibabacloud.com/product/disk-pricing, performance level 1 for ESSD) as this was written, and prices
 * differ by region and over time: set RESTORE_DISK_PRICES to your region's to make the estimate yours.
 */
export const UNVERIFIED_DISK_PRICES: Readonly<Record<string, number>> = {
  cloud: 0.05,
  cloud_efficiency: 0.05,
  cloud_essd_entry: 0.07,
  cloud_auto: 0.1,
  cloud_essd: 0.14,
  cloud_ssd: 0.14,
};

/** What a restore reads of the environment, when it runs (dist/on-demand.js): the copy path's bundle carries none of it. */
export interface RestoreSettings {
  /** RESTORE_SKEW_MINUTES. */
  SkewMinutes: number;
  /** RESTORE_DISK_PRICES, else the UNVERIFIED list prices. */
  DiskPrices: Readonly<Record<string, number>>;
  /** Where DiskPrices come from, as the dry run says it. */
  PriceSource: string;
}

const read = (env: Readonly<Record<string, string | undefined>>, name: string) => {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
};

/** Throws a ConfigurationError naming the variable and the rule it breaks. */
export function readRestoreSettings(env: Readonly<Record<string, string | undefined>>): RestoreSettings {
  const skew = read(env, 'RESTORE_SKEW_MINUTES');
  const SkewMinutes = skew === undefined ? DEFAULT_RESTORE_SKEW_MINUTES : Number(skew);
  if (!(/^\d{1,4}$/.test(skew ?? '0') && Number.isInteger(SkewMinutes) && SkewMinutes >= 0 && SkewMinutes <= 1440)) {
    throw new ConfigurationError('RESTORE_SKEW_MINUTES', `must be a whole number of minutes from 0 to 1440, not "${skew}"`);
  }
  const prices = read(env, 'RESTORE_DISK_PRICES');
  if (prices === undefined) {
    return {
      SkewMinutes,
      DiskPrices: UNVERIFIED_DISK_PRICES,
      PriceSource: "UNVERIFIED list prices in USD per GiB-month (set RESTORE_DISK_PRICES to your region's)",
    };
  }
  return { SkewMinutes, DiskPrices: parsePrices(prices), PriceSource: 'RESTORE_DISK_PRICES, per GiB-month' };
}

const PRICES_RULE = `must be a JSON object of disk category to price per GiB and month, such as {"cloud_essd":0.14}; categories: ${DISK_CATEGORIES_CHEAPEST_FIRST.join(', ')}`;

function parsePrices(text: string): Record<string, number> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ConfigurationError('RESTORE_DISK_PRICES', PRICES_RULE);
  }
  const known: readonly string[] = DISK_CATEGORIES_CHEAPEST_FIRST;
  const valid =
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.entries(value).every(([category, price]) => known.includes(category) && typeof price === 'number' && price >= 0 && price < 1e6);
  if (!valid) throw new ConfigurationError('RESTORE_DISK_PRICES', PRICES_RULE);
  return { ...(value as Record<string, number>) };
}
