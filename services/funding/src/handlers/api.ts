import { createApi, healthImplementation } from '@talent/http';

/** The funding service; its routes arrive with its issue. */
export const handler = createApi([healthImplementation('funding')]);
