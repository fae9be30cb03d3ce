/**
 * Programme storage: the built-ins (code, never stored) and the versions agencies register (DynamoDB).
 *
 * Items (docs/data-model.md):
 * - version  `A#<agency>#PROG#<programmeId>` / `V#<version, 6 digits>` — immutable; the definition as
 *   a JSON string; audit records of the programme share this partition;
 * - latest   `A#<agency>#PROGRAMMES` / `PROG#<programmeId>` — a copy of the newest registered version,
 *   one per programme, so the agency's list is one strongly consistent Query of its own partition
 *   (no index, no Scan) and reads one item per programme whatever the number of versions.
 *
 * Ids are namespaced per agency: every key starts with the agency from the token (X-TENANT), so two
 * agencies may register the same id and neither learns of the other.
 */
import { GetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import {
  programmes as catalogueBuiltIns,
  checkRegistration,
  compileProgramme,
  type Programme,
  type ProgrammeDefinition,
} from '@talent/catalogue';
import {
  type Actor,
  type AgencyId,
  auditPut,
  getDocumentClient,
  mainTableName,
  type TransactItem,
  TransactionConditionFailed,
  tenantKey,
  transactWrite,
} from '@talent/data';
import {
  definitionSummary,
  idNotAvailable,
  invalidDefinition,
  isProgrammeId,
  isVersion,
  MAX_VERSION,
  ProgrammeVersionConflictError,
  programmeIdOf,
} from './registration';

export interface ProgrammeVersionSummary {
  programmeId: string;
  version: number;
  effectiveFrom: string;
  registeredAt?: string;
  registeredBy?: string;
  builtIn: boolean;
}

export interface RegistrationChange {
  readonly actor: Actor;
  readonly at: string;
  readonly requestId?: string;
}

export interface ProgrammeStore {
  /** Latest version the agency runs: its own newest registered version of the id, else the built-in (only if the built-in's agencyIds include the agency). */
  latest(agency: AgencyId, programmeId: string): Promise<Programme | undefined>;
  /** An exact version (what a cycle was started with). Built-in versions answer without any DynamoDB read; registered versions are immutable so may be cached in-process per (agency,id,version). */
  version(agency: AgencyId, programmeId: string, version: number): Promise<Programme | undefined>;
  /** Every programme the agency runs, latest version each (built-ins it runs + its own registered ids). Bounded, paginated reads, no Scan. */
  list(agency: AgencyId): Promise<Programme[]>;
  versions(agency: AgencyId, programmeId: string): Promise<ProgrammeVersionSummary[]>;
  /** Validates (catalogue's checkRegistration / parseProgrammeDefinition) and stores a new version. */
  register(agency: AgencyId, input: unknown, change: RegistrationChange): Promise<Programme>;
}

export interface DynamoProgrammeStoreOptions {
  /** The programmes in code (default: the catalogue's five seeds); tests pass their own. */
  readonly builtIns?: readonly Programme[];
  /** Default: the main table (`TABLE_NAME`, checked when the store is created). */
  readonly tableName?: string;
}

/** Items per Query round trip, and round trips per list: at most 1,000 programmes or versions. */
const PAGE_SIZE = 100;
const MAX_ROUND_TRIPS = 10;
/** Compiled registered versions kept per process (immutable, so never stale). */
const CACHE_SIZE = 200;

const programmePk = (agency: AgencyId, programmeId: string) => tenantKey(agency, 'PROG', programmeId);
const latestPk = (agency: AgencyId) => tenantKey(agency, 'PROGRAMMES');
const LATEST_PREFIX = 'PROG#';
const VERSION_PREFIX = 'V#';
const versionSk = (version: number) => `${VERSION_PREFIX}${String(version).padStart(6, '0')}`;

const SUMMARY_ATTRIBUTES = ['programmeId', 'version', 'effectiveFrom', 'registeredAt', 'registeredBy'];

interface StoredVersion {
  readonly programmeId: string;
  readonly version: number;
  readonly definition: string;
}

/** Follows LastEvaluatedKey for at most MAX_ROUND_TRIPS reads of PAGE_SIZE items (no cursor leaves the store). */
const queryAll = async (input: QueryCommandInput): Promise<Record<string, unknown>[]> => {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  for (let round = 0; round < MAX_ROUND_TRIPS; round++) {
    const out = await getDocumentClient().send(
      new QueryCommand({ ...input, Limit: PAGE_SIZE, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }),
    );
    items.push(...((out.Items ?? []) as Record<string, unknown>[]));
    startKey = out.LastEvaluatedKey as Record<string, unknown> | undefined;
    if (!startKey) break;
  }
  return items;
};

/** A cancellation that is still a conflict with a concurrent transaction after transactWrite's retries. */
const isTransactionConflict = (error: unknown): boolean =>
  error instanceof Error &&
  error.name === 'TransactionCanceledException' &&
  ((error as Error & { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).some(
    (r) => r.Code === 'TransactionConflict',
  );

export class DynamoProgrammeStore implements ProgrammeStore {
  private readonly tableName: string;
  private readonly builtIns: readonly Programme[];
  private readonly cache = new Map<string, Programme>();

  constructor(options: DynamoProgrammeStoreOptions = {}) {
    this.tableName = options.tableName ?? mainTableName();
    this.builtIns = options.builtIns ?? catalogueBuiltIns;
  }

  async latest(agency: AgencyId, programmeId: string): Promise<Programme | undefined> {
    if (!this.mayHold(agency, programmeId)) return undefined;
    const { Item } = await getDocumentClient().send(
      new GetCommand({
        TableName: this.tableName,
        Key: { PK: latestPk(agency), SK: `${LATEST_PREFIX}${programmeId}` },
        ConsistentRead: true,
      }),
    );
    return Item
      ? this.compiled(agency, Item as unknown as StoredVersion)
      : this.builtInRunBy(agency, programmeId);
  }

  async version(agency: AgencyId, programmeId: string, version: number): Promise<Programme | undefined> {
    if (!this.mayHold(agency, programmeId) || !isVersion(version)) return undefined;
    const builtIn = this.builtInRunBy(agency, programmeId);
    if (builtIn?.version === version) return builtIn;
    const cached = this.cache.get(this.cacheKey(agency, programmeId, version));
    if (cached) return cached;
    const { Item } = await getDocumentClient().send(
      new GetCommand({
        TableName: this.tableName,
        Key: { PK: programmePk(agency, programmeId), SK: versionSk(version) },
        ConsistentRead: true,
      }),
    );
    return Item ? this.compiled(agency, Item as unknown as StoredVersion) : undefined;
  }

  async list(agency: AgencyId): Promise<Programme[]> {
    const stored = await queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': latestPk(agency), ':prefix': LATEST_PREFIX },
      ConsistentRead: true,
    });
    const byId = new Map<string, Programme>();
    for (const b of this.builtIns) if (b.agencyIds.includes(agency)) byId.set(b.id, b);
    // The agency's own newest version replaces the built-in it amends.
    for (const item of stored) {
      const p = this.compiled(agency, item as unknown as StoredVersion);
      byId.set(p.id, p);
    }
    return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async versions(agency: AgencyId, programmeId: string): Promise<ProgrammeVersionSummary[]> {
    if (!this.mayHold(agency, programmeId)) return [];
    const builtIn = this.builtInRunBy(agency, programmeId);
    const stored = await queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': programmePk(agency, programmeId), ':prefix': VERSION_PREFIX },
      // The summary only: never the definitions.
      ProjectionExpression: SUMMARY_ATTRIBUTES.map((_, i) => `#a${i}`).join(', '),
      ExpressionAttributeNames: Object.fromEntries(SUMMARY_ATTRIBUTES.map((a, i) => [`#a${i}`, a])),
      ConsistentRead: true,
    });
    return [
      ...(builtIn
        ? [{ programmeId, version: builtIn.version, effectiveFrom: builtIn.effectiveFrom, builtIn: true }]
        : []),
      ...stored.map((item) => ({
        programmeId: String(item.programmeId),
        version: Number(item.version),
        effectiveFrom: String(item.effectiveFrom),
        registeredAt: String(item.registeredAt),
        registeredBy: String(item.registeredBy),
        builtIn: false,
      })),
    ];
  }

  async register(agency: AgencyId, input: unknown, change: RegistrationChange): Promise<Programme> {
    const id = programmeIdOf(input);
    // Another agency's built-in: refused before anything is read, and nothing about it is said.
    if (id !== undefined && !this.mayHold(agency, id)) throw idNotAvailable(id);
    const previous = id === undefined ? undefined : await this.latest(agency, id);
    // Only what this agency runs takes part: the built-in it runs and its own versions.
    const result = checkRegistration(input, agency, previous ? [previous] : []);
    if (!result.ok) throw invalidDefinition(result.problems);
    const definition = result.definition;
    if (!isVersion(definition.version)) throw invalidDefinition([`version: at most ${MAX_VERSION}`]);
    const programme = compileProgramme(definition);
    try {
      // Every category's attribute schema must build, or nominations could never be taken.
      for (const c of programme.categories) c.attributes();
    } catch (error) {
      throw invalidDefinition([`categories: ${error instanceof Error ? error.message : String(error)}`]);
    }
    await this.write(agency, definition, previous, change);
    this.remember(agency, programme);
    return programme;
  }

  private async write(
    agency: AgencyId,
    definition: ProgrammeDefinition,
    previous: Programme | undefined,
    change: RegistrationChange,
  ): Promise<void> {
    const pk = programmePk(agency, definition.id);
    const stored = {
      agencyId: agency,
      programmeId: definition.id,
      version: definition.version,
      effectiveFrom: definition.effectiveFrom,
      registeredAt: change.at,
      registeredBy: change.actor.userId,
      // A string: the definition is returned exactly as validated (DynamoDB maps cannot hold every JSON value).
      definition: JSON.stringify(definition),
    };
    // The previous latest item exists only when the previous version was registered (not a built-in).
    const previousStored = previous !== undefined && !this.builtIns.includes(previous);
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: { PK: pk, SK: versionSk(definition.version), entityKind: 'ProgrammeVersion', ...stored },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: {
            PK: latestPk(agency),
            SK: `${LATEST_PREFIX}${definition.id}`,
            entityKind: 'ProgrammeLatest',
            ...stored,
          },
          ...(previousStored
            ? {
                ConditionExpression: '#version = :previous',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':previous': previous.version },
              }
            : { ConditionExpression: 'attribute_not_exists(PK)' }),
        },
      },
      auditPut(this.tableName, {
        agencyId: agency,
        entityType: 'Programme',
        entityId: definition.id,
        entityPk: pk,
        action: 'programme.registered',
        actor: change.actor,
        at: change.at,
        ...(change.requestId ? { requestId: change.requestId } : {}),
        before: previous ? definitionSummary(previous) : null,
        after: definitionSummary(definition),
      }),
    ];
    try {
      await transactWrite(items);
    } catch (error) {
      const lost =
        (error instanceof TransactionConditionFailed &&
          (error.failedIndexes.includes(0) || error.failedIndexes.includes(1))) ||
        isTransactionConflict(error);
      if (lost) throw new ProgrammeVersionConflictError(definition.id, definition.version);
      throw error;
    }
  }

  /**
   * Whether the agency can have a programme of this id: a well-formed id that is not the id of a
   * built-in it does not run (those it can never register, so nothing needs to be read).
   */
  private mayHold(agency: AgencyId, programmeId: string): boolean {
    return (
      isProgrammeId(programmeId) &&
      !this.builtIns.some((b) => b.id === programmeId && !b.agencyIds.includes(agency))
    );
  }

  private builtInRunBy(agency: AgencyId, programmeId: string): Programme | undefined {
    return this.builtIns.find((b) => b.id === programmeId && b.agencyIds.includes(agency));
  }

  private cacheKey(agency: AgencyId, programmeId: string, version: number): string {
    return `${agency}\u0000${programmeId}\u0000${version}`;
  }

  /** The compiled programme of a stored item; the JSON is parsed once per version and process. */
  private compiled(agency: AgencyId, item: StoredVersion): Programme {
    const key = this.cacheKey(agency, item.programmeId, Number(item.version));
    const cached = this.cache.get(key);
    if (cached) return cached;
    // Validated when it was registered and immutable since: compiled, not parsed again.
    const programme = compileProgramme(JSON.parse(item.definition) as ProgrammeDefinition);
    this.remember(agency, programme);
    return programme;
  }

  private remember(agency: AgencyId, programme: Programme): void {
    const key = this.cacheKey(agency, programme.id, programme.version);
    if (this.cache.size >= CACHE_SIZE && !this.cache.has(key)) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(key, programme);
  }
}
