/**
 * What a nomination nominates, by the category's nominee kind: a person (`nominee`), a team
 * (`team`: BJ-TEAM) or an institution's application (`institution`: GD-FACULTY, GD-ENTERPRISE).
 * Exactly the kind's own field is given; the others are refused (P-NOMINEE-KIND).
 */
import type { GroupMember, NomineeKind } from '@talent/catalogue';
import { parseResidentId, ValidationFailedError, type Violation } from '@talent/kernel';
import type { Institution, Member, Nominee, Team } from './nomination';
import type { InstitutionInput, MemberInput, NomineeInput, TeamInput } from './schemas/nomination';

export interface Subject {
  readonly nomineeKind: NomineeKind;
  readonly nominee?: Nominee;
  readonly team?: Team;
  readonly institution?: Institution;
}

export interface SubjectInput {
  readonly nominee?: NomineeInput | undefined;
  readonly team?: TeamInput | undefined;
  readonly institution?: InstitutionInput | undefined;
}

const FIELD: Record<NomineeKind, keyof SubjectInput> = {
  person: 'nominee',
  team: 'team',
  institution: 'institution',
};

const toNominee = (input: NomineeInput): Nominee => {
  const parsed = parseResidentId(input.residentId);
  // The schema has already refused invalid IDs; this keeps the types honest.
  if (!parsed.ok)
    throw new ValidationFailedError([
      { ruleId: 'X-RESIDENT-ID', path: 'body.nominee.residentId', message: parsed.message },
    ]);
  return {
    ...input,
    residentId: parsed.value.id,
    birthDate: parsed.value.birthDate,
    gender: parsed.value.gender,
  };
};

const toMember = (m: MemberInput): Member => {
  const id = m.residentId ? parseResidentId(m.residentId) : undefined;
  return { ...m, ...(id?.ok ? { residentId: id.value.id } : {}) };
};

/**
 * The subject of a new nomination in a category of `kind`, or of a change to one (`before`): the
 * kind's field replaces the old value when given; another kind's field is refused.
 */
export const subjectOf = (kind: NomineeKind, input: SubjectInput, before?: Subject): Subject => {
  const wrong: Violation[] = (Object.keys(FIELD) as NomineeKind[])
    .filter((k) => k !== kind && input[FIELD[k]] !== undefined)
    .map((k) => ({
      ruleId: 'P-NOMINEE-KIND',
      path: `body.${FIELD[k]}`,
      message: `this category nominates a ${kind}: send ${FIELD[kind]}, not ${FIELD[k]}`,
      messageZh: '推荐对象类型与类别不符',
    }));
  if (!before && input[FIELD[kind]] === undefined) {
    wrong.push({
      ruleId: 'P-NOMINEE-KIND',
      path: `body.${FIELD[kind]}`,
      message: `this category nominates a ${kind}: ${FIELD[kind]} is required`,
      messageZh: '缺少推荐对象',
    });
  }
  if (wrong.length > 0) throw new ValidationFailedError(wrong);
  switch (kind) {
    case 'person':
      return {
        nomineeKind: kind,
        nominee: input.nominee ? toNominee(input.nominee) : (before?.nominee as Nominee),
      };
    case 'team':
      return {
        nomineeKind: kind,
        team: input.team
          ? { name: input.team.name, members: input.team.members.map(toMember) }
          : (before?.team as Team),
      };
    case 'institution':
      return {
        nomineeKind: kind,
        institution: input.institution
          ? { faculty: input.institution.faculty.map(toMember), partners: input.institution.partners }
          : (before?.institution as Institution),
      };
  }
};

/**
 * What may be nominated once per cycle (P-ONE-NOMINATION-PER-CYCLE), as text for the keyed hash:
 * a person by resident ID; a team by its unit and name; an application by its unit, category and
 * major (a school applies once per major).
 */
export const uniquenessText = (
  subject: Subject,
  unitId: string,
  category: string,
  attributes: Readonly<Record<string, unknown>>,
): string => {
  if (subject.nominee) return subject.nominee.residentId;
  if (subject.team) return `team\u0000${unitId}\u0000${subject.team.name}`;
  const major = typeof attributes.major === 'string' ? attributes.major : '';
  return `application\u0000${unitId}\u0000${category}\u0000${major}`;
};

/** The group the engine's member rules count: a team's members or an application's faculty. */
export const groupMembers = (subject: Subject): GroupMember[] | undefined =>
  (subject.team?.members ?? subject.institution?.faculty)?.map((m, i) => ({
    id: String(i),
    role: m.role,
    isLeader: m.isLeader,
    ...(m.professionalTitle ? { professionalTitle: m.professionalTitle } : {}),
    ...(m.skillLevel ? { skillLevel: m.skillLevel } : {}),
  }));

/** The engine's paths for members say `members[i]`; the request's say `team.members[i]` or `institution.faculty[i]`. */
export const memberPath = (subject: Subject): string =>
  subject.team ? 'team.members' : 'institution.faculty';
