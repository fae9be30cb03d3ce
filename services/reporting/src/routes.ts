import { healthRoute } from '@talent/http';

export const routes = [healthRoute('reporting')] as const;
