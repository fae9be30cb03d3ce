export * from './calendar';
export { CalendarYearMissingError, WORKING_DAYS_RULE } from './errors';
export { BUNDLED_DATA, bundledSchedules } from './official-data';
export * from './schedule';
