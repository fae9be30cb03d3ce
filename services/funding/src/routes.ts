import { healthRoute } from '@talent/http';

export const routes = [healthRoute('funding')] as const;
