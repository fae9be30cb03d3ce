import { healthRoute } from '@talent/http';

export const routes = [healthRoute('pairings')] as const;
