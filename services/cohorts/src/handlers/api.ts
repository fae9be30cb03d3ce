import { createApi, healthImplementation } from '@talent/http';

/** The cohorts service; its routes arrive with its issue. */
export const handler = createApi([healthImplementation('cohorts')]);
