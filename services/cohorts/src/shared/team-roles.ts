/**
 * Roles of a member of a project team (Beijing BJ-TEAM) or of a teaching and assessment team
 * (Guangdong GD-FACULTY): 专任教师, 企业导师, 行业企业专业人员, 学校导师, 其他 — the same vocabulary
 * as the nominations service's team members.
 */
export const TEAM_MEMBER_ROLES = [
  'full-time-teacher',
  'enterprise-mentor',
  'enterprise-staff',
  'school-mentor',
  'other',
] as const;
