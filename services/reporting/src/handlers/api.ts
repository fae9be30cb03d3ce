import { createApi, healthImplementation } from '@talent/http';

/** The reporting service; its routes arrive with its issue. */
export const handler = createApi([healthImplementation('reporting')]);
