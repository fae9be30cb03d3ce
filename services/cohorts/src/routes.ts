import { healthRoute } from '@talent/http';

export const routes = [healthRoute('cohorts')] as const;
