import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { seedAgencies } from '../../catalogue/src/agencies';
import { ROLES } from '../../http/src/contract';
import { DEFAULT_DATA_DIR, dynamoDataDir, REPO_ROOT } from './paths';

/**
 * `tsx packages/local/src/cli.ts start [--port 3000] [--in-memory] [--data-dir dir] [--quiet]
 *   [--clock-start <instant>] [--faults]`
 * `tsx packages/local/src/cli.ts token --agency <id> --role <role> [--role <role>] [--user id] [--unit id]`
 */

export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

const consoleIo: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l) };

/** Exit code 2: bad usage. */
class UsageError extends Error {}

const USAGE = `Usage:
  npm start [-- --port <n>] [--in-memory] [--data-dir <dir>] [--quiet] [--clock-start <instant>] [--faults]
  npm run token -- --agency <id> --role <role> [--role <role>...] [--user <id>] [--unit <id>] [--data-dir <dir>]
Roles: ${ROLES.join(', ')}. Agencies: ${seedAgencies.map((a) => a.agencyId).join(', ')}.
--clock-start: the virtual clock's first instant when the data dir has none (e.g. 2027-01-01T09:00:00+08:00).
--faults: fault injection at /_local/faults (the handlers reach DynamoDB through a proxy that can throttle).`;

const parse = (args: string[], options: NonNullable<ParseArgsConfig['options']>) => {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
};

const parsePort = (value: unknown): number | undefined => {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new UsageError(`--port: not a port: ${value}`);
  return port;
};

export const tokenCommand = async (args: string[], io: CliIo): Promise<number> => {
  const values = parse(args, {
    agency: { type: 'string' },
    role: { type: 'string', multiple: true },
    user: { type: 'string' },
    unit: { type: 'string' },
    'expires-in': { type: 'string' },
    'data-dir': { type: 'string' },
  });
  const agency = values.agency as string | undefined;
  const roles = (values.role as string[] | undefined) ?? [];
  if (!agency) throw new UsageError('--agency is required');
  if (!seedAgencies.some((a) => a.agencyId === agency)) {
    throw new UsageError(
      `Unknown agency '${agency}'. Known agencies: ${seedAgencies.map((a) => a.agencyId).join(', ')}.`,
    );
  }
  if (roles.length === 0) throw new UsageError('--role is required (repeat it for several roles)');
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length > 0) {
    throw new UsageError(`Unknown role '${unknown.join("', '")}'. Roles: ${ROLES.join(', ')}.`);
  }
  const expiresRaw = values['expires-in'] as string | undefined;
  const expiresIn =
    expiresRaw === undefined ? undefined : /^\d+$/.test(expiresRaw) ? Number(expiresRaw) : expiresRaw;
  const { issueDevToken, loadOrCreateSigningKey } = await import('./token');
  const key = loadOrCreateSigningKey(resolve((values['data-dir'] as string | undefined) ?? DEFAULT_DATA_DIR));
  const token = await issueDevToken(
    {
      agency,
      roles,
      ...(values.user ? { user: values.user as string } : {}),
      ...(values.unit ? { unit: values.unit as string } : {}),
      ...(expiresIn !== undefined ? { expiresIn } : {}),
    },
    key,
  );
  io.out(token);
  return 0;
};

export const startCommand = async (args: string[], io: CliIo): Promise<number> => {
  const values = parse(args, {
    port: { type: 'string' },
    'in-memory': { type: 'boolean' },
    'data-dir': { type: 'string' },
    quiet: { type: 'boolean' },
    'clock-start': { type: 'string' },
    faults: { type: 'boolean' },
  });
  const port = parsePort(values.port);
  const clockStart = values['clock-start'] as string | undefined;
  if (clockStart !== undefined && !Number.isFinite(Date.parse(clockStart)))
    throw new UsageError(`--clock-start: not an instant: ${clockStart}`);
  const dataDir = resolve((values['data-dir'] as string | undefined) ?? DEFAULT_DATA_DIR);
  const inMemory = values['in-memory'] === true;

  // Signals first: a Ctrl-C during start still stops what has started.
  let stack: Awaited<ReturnType<typeof import('./stack').startLocalStack>> | undefined;
  let signalledAt = 0;
  let finish: (code: number) => void = () => {};
  const done = new Promise<number>((r) => {
    finish = r;
  });
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signalledAt > 0) {
      // A Ctrl-C reaches both this process and its launcher (tsx, npm), which relays it: one
      // keystroke can arrive twice. Only a later, separate signal forces the exit.
      if (Date.now() - signalledAt > 1_000) {
        io.err(`${signal} again: exiting now.`);
        process.exit(1);
      }
      return;
    }
    signalledAt = Date.now();
    io.err(`\n${signal}: stopping the local stack...`);
    if (stack) {
      stack.stop().then(
        () => finish(0),
        () => finish(1),
      );
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const { startLocalStack } = await import('./stack');
  try {
    stack = await startLocalStack({
      ...(port !== undefined ? { port } : {}),
      dataDir,
      inMemory,
      quiet: values.quiet === true,
      ...(clockStart !== undefined ? { clockStart } : {}),
      ...(values.faults === true ? { faults: true } : {}),
    });
  } catch (err) {
    io.err(`Local stack failed to start: ${(err as Error).message}`);
    return 1;
  }
  if (signalledAt > 0) {
    await stack.stop();
    return 0;
  }

  const { url, timings } = stack;
  const token = await stack.issueToken({ agency: 'jiangsu', roles: ['admin'] });
  // The Jiangsu schedule opens js-<year> on 2 January (advance the clock to see it).
  const cycleExample = 'js-2027';
  const dbDir = dynamoDataDir(dataDir);
  const inRepo = !relative(REPO_ROOT, dbDir).startsWith('..');
  const where = inMemory ? 'in memory' : inRepo ? relative(REPO_ROOT, dbDir) : dbDir;
  io.out(
    [
      '',
      `Local stack ready in ${(timings.totalMs / 1000).toFixed(1)} s (synth ${(timings.synthMs / 1000).toFixed(1)} s, DynamoDB Local ${(timings.dynamoMs / 1000).toFixed(1)} s)`,
      `  API        ${url}`,
      `  Health     ${url}/health`,
      `  OpenAPI    ${url}/openapi.json`,
      `  DynamoDB   ${stack.dynamoEndpoint} (${where})`,
      `  Agencies   ${seedAgencies.map((a) => a.agencyId).join(', ')}`,
      `  Clock      ${url}/_local/clock (virtual, frozen at ${new Date(stack.clock.now()).toISOString()}; POST {"advance":"P30D"} moves it)`,
      `  Workflows  ${stack.stepFunctions.stateMachines().length} state machine(s) at ${url}/_local/sfn, ${stack.scheduler.schedules().length} schedule(s), dead letters at ${url}/_local/dead-letters`,
      ...(stack.faults
        ? [`  Faults     ${url}/_local/faults (handlers' DynamoDB via ${stack.handlerDynamoEndpoint})`]
        : []),
      '',
      "Admin dev token for agency 'jiangsu' (12 h; others: npm run token -- --agency <id> --role <role>):",
      `  export TOKEN=${token}`,
      '',
      'Try:',
      `  curl ${url}/health`,
      `  curl -H "Authorization: Bearer $TOKEN" "${url}/nominations?cycleId=${cycleExample}"`,
      `  curl -X POST ${url}/_local/clock -H 'content-type: application/json' -d '{"advance":"P7D"}'`,
      '',
      'Ctrl-C to stop.',
    ].join('\n'),
  );
  const code = await done;
  io.err(code === 0 ? 'Stopped.' : 'Stopped with errors.');
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  return code;
};

export const main = async (argv: string[], io: CliIo = consoleIo): Promise<number> => {
  const [command, ...args] = argv;
  try {
    if (command === 'start') return await startCommand(args, io);
    if (command === 'token') return await tokenCommand(args, io);
    if (command === undefined || command === 'help' || command === '--help') {
      io.out(USAGE);
      return command === undefined ? 2 : 0;
    }
    throw new UsageError(`Unknown command '${command}'.`);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`${err.message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  }
};

const isEntryPoint =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isEntryPoint) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
