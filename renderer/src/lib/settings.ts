import type { AppSettings, SettingsPatch } from '../../../shared/contract.ts';

/** Returns the fields of `draft` that differ from `saved` as a settings patch. The logo has its own buttons, so it is left out. */
export function settingsPatch(saved: AppSettings, draft: AppSettings): SettingsPatch {
  const patch: SettingsPatch = {};
  if (draft.mspName !== saved.mspName) patch.mspName = draft.mspName;
  if (draft.sizeUnit !== saved.sizeUnit) patch.sizeUnit = draft.sizeUnit;
  if (draft.atRiskThresholdDays !== saved.atRiskThresholdDays) patch.atRiskThresholdDays = draft.atRiskThresholdDays;
  if (draft.completedWithErrorsCountsAsSuccess !== saved.completedWithErrorsCountsAsSuccess) {
    patch.completedWithErrorsCountsAsSuccess = draft.completedWithErrorsCountsAsSuccess;
  }
  if (draft.paperSize !== saved.paperSize) patch.paperSize = draft.paperSize;
  if (draft.pdfListsEverySession !== saved.pdfListsEverySession) patch.pdfListsEverySession = draft.pdfListsEverySession;
  if (draft.defaultTimeZone !== saved.defaultTimeZone) patch.defaultTimeZone = draft.defaultTimeZone;
  if (draft.defaultFormats.join() !== saved.defaultFormats.join()) patch.defaultFormats = draft.defaultFormats;
  if (
    draft.requestBudget.callsPerMinute !== saved.requestBudget.callsPerMinute ||
    draft.requestBudget.concurrency !== saved.requestBudget.concurrency
  ) {
    patch.requestBudget = draft.requestBudget;
  }
  return patch;
}
