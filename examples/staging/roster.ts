/** The staging roster: who is on which team. Edit this, not the relations. */
export const teams: Record<string, { lead: string; members: string[] }> = {
  payments: { lead: "pay_lead", members: ["pay_dev1", "pay_dev2"] },
  search: { lead: "search_lead", members: ["search_dev1"] },
};
export const qaAccounts = ["qa_bot1"];

export interface StagingRelation {
  fromAccount: string;
  toAccount: string;
  remark: string;
  groups: string[];
  customFields?: Record<string, string>;
}

/**
 * Every team member and the team lead are friends both ways, in a list named after the team; each QA account has
 * every member as a one-way friend, to test from the member's side.
 */
export function stagingRelations(environment: string): StagingRelation[] {
  return Object.entries(teams).flatMap(([team, { lead, members }]) =>
    members.flatMap((member) => {
      const shared = { groups: [team], customFields: { Test: environment } };
      return [
        { fromAccount: lead, toAccount: member, remark: `${member} (${team})`, ...shared },
        { fromAccount: member, toAccount: lead, remark: `${team} lead`, ...shared },
        ...qaAccounts.map((qa) => ({
          fromAccount: qa,
          toAccount: member,
          remark: `QA: ${member}`,
          groups: ["under-test"],
        })),
      ];
    }),
  );
}

export function stagingAccounts(): string[] {
  return [
    ...new Set(
      Object.values(teams)
        .flatMap((t) => [t.lead, ...t.members])
        .concat(qaAccounts),
    ),
  ];
}
