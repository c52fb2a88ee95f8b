/**
 * Every Redis key of the case store, built here and nowhere else. The transaction id is
 * the hash tag, so one case's keys share a cluster slot (one MULTI per action).
 *   <prefix>case:{txid}:state    hash   status, assignee, updated_at (ms), updated_by
 *   <prefix>case:{txid}:history  list   JSON actions, oldest first (capped, see store.ts)
 *   <prefix>case:{label_id}:sent string the label with this id was published (SET NX)
 */
export interface CaseKeys {
  state(txid: string): string;
  history(txid: string): string;
  labelSent(labelId: string): string;
}

export function caseKeys(prefix: string): CaseKeys {
  return {
    state: (txid) => `${prefix}case:{${txid}}:state`,
    history: (txid) => `${prefix}case:{${txid}}:history`,
    labelSent: (labelId) => `${prefix}case:{${labelId}}:sent`,
  };
}
