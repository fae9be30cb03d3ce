import { createApi, healthImplementation } from '@talent/http';

/** The pairings service; its routes arrive with its issue. */
export const handler = createApi([healthImplementation('pairings')]);
