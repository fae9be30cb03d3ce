import { createApi, healthImplementation } from '@talent/http';
import { beijingImplementations } from '../beijing/implementations';
import { guangdongImplementations } from '../guangdong/implementations';
import { jiangsuImplementations } from '../jiangsu/implementations';
import { zhuhaiImplementations } from '../zhuhai/implementations';

/** The cohorts service: Jiangsu trainees, Beijing teachers and teams, Guangdong pilot classes, Zhuhai records. */
export const handler = createApi([
  healthImplementation('cohorts'),
  ...jiangsuImplementations,
  ...beijingImplementations,
  ...guangdongImplementations,
  ...zhuhaiImplementations,
]);
