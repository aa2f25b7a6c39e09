import type { Redis } from 'ioredis';
import type { AvailabilityGatePort, GateAnswer } from '../../../application/ports/availability-gate.port';

// KEYS: the gate. ARGV: windowMs. 0: taken for the window (SET NX PX); otherwise the ms until it
// opens (its PTTL; a gate without expiry, which this never sets, counts as one window).
const TAKE = `
if redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then return 0 end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then return tonumber(ARGV[1]) end
return math.max(ttl, 1)
`;

type GateCommands = { availabilityGateTake(key: string, windowMs: number): Promise<number> };

/** The gate of each event in Redis: `<prefix>tk:avail-gate:<event_id>`, set for one window by the core that sends. */
export class RedisAvailabilityGate implements AvailabilityGatePort {
  private readonly commands: GateCommands;

  constructor(
    redis: Redis,
    private readonly keyPrefix: string,
  ) {
    redis.defineCommand('availabilityGateTake', { numberOfKeys: 1, lua: TAKE });
    this.commands = redis as unknown as GateCommands;
  }

  /** `eventId` is a UUID (TicketingEventSchema), so no event's key is another's. */
  async take(eventId: string, windowMs: number): Promise<GateAnswer> {
    const reopensInMs = await this.commands.availabilityGateTake(`${this.keyPrefix}tk:avail-gate:${eventId}`, windowMs);
    return reopensInMs === 0 ? { taken: true } : { taken: false, reopensInMs };
  }
}
