import { type ActionContext, type ActionResult, ecsAction, fail, succeed } from './action';
import { ecsError } from './errors';
import { nonEmpty } from './params';

/**
 * DescribeAvailableResource (Version 2014-05-26) for `DestinationResource=DataDisk` and `ResourceType=disk`: which
 * zones of a region sell which data disk categories, with the size range of each (`Min`/`Max` in GiB). The answer
 * follows the SDK model (`AvailableZones.AvailableZone[].AvailableResources.AvailableResource[].SupportedResources
 * .SupportedResource[]`); `Status` is `Available` or `SoldOut`, `StatusCategory` `WithStock` or `WithoutStock`.
 * Other destination resources (instance types, system disks) are not served here, and say so.
 */
function run(context: ActionContext): ActionResult {
  const { params, disks } = context;
  const RegionId = params.get('RegionId') ?? '';
  const DestinationResource = params.get('DestinationResource');
  if (DestinationResource !== 'DataDisk' || (nonEmpty(params, 'ResourceType') ?? 'instance') !== 'disk') {
    return fail(
      ecsError(400, 'InvalidParameter.DestinationResource', 'ecs-local answers DestinationResource=DataDisk with ResourceType=disk only.'),
    );
  }
  const ZoneId = nonEmpty(params, 'ZoneId');
  const category = nonEmpty(params, 'DataDiskCategory');
  const AvailableZone = disks
    .zonesOf(RegionId)
    .filter((zone) => ZoneId === undefined || zone.ZoneId === ZoneId)
    .map((zone) => ({ zone, offers: zone.DataDiskCategories.filter((offer) => category === undefined || offer.Value === category) }))
    .filter(({ offers }) => offers.length > 0)
    .map(({ zone, offers }) => {
      const inStock = offers.some((offer) => offer.Status !== 'SoldOut');
      return {
        RegionId,
        ZoneId: zone.ZoneId,
        Status: inStock ? 'Available' : 'SoldOut',
        StatusCategory: inStock ? 'WithStock' : 'WithoutStock',
        AvailableResources: {
          AvailableResource: [
            {
              Type: 'DataDisk',
              SupportedResources: {
                SupportedResource: offers.map((offer) => ({
                  Value: offer.Value,
                  Status: offer.Status ?? 'Available',
                  StatusCategory: offer.Status === 'SoldOut' ? 'WithoutStock' : 'WithStock',
                  Min: offer.Min,
                  Max: offer.Max,
                  Unit: 'GiB',
                })),
              },
            },
          ],
        },
      };
    });
  return succeed({ AvailableZones: { AvailableZone } });
}

export const describeAvailableResource = ecsAction('DescribeAvailableResource', run, {
  required: ['RegionId', 'DestinationResource'],
  knownRegion: { status: 404 },
});
