// The request pipeline's own module, not the @talent/http index: through the index, esbuild's code
// splitting would load every module the index re-exports (zod schemas among them) at import.
import { createLazyApi } from '../../../../packages/http/src/api';

/**
 * The funding function. Its import (the Lambda init phase) loads the request pipeline (middy, the
 * logger, problem details, auth, idempotency) and the DynamoDB SDK it uses; the route
 * implementations (./implementations: contracts, zod schemas, use cases, catalogue) are a chunk of
 * the bundle that the first request loads (`createLazyApi`).
 */
export const handler = createLazyApi(async () => (await import('./implementations')).implementations);
