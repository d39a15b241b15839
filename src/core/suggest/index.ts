// Public API of the suggestion engine and item taxonomy (pure TypeScript; no 'vscode').
export { SuggestionData, SUGGESTION_FILES, type TextReader } from './suggestionData';
export { ItemKindTaxonomy, parseItemKinds, loadItemKinds, type ItemKind } from './itemKinds';
export { parseRulesFile, RULES_FILE_VERSION, type RulesDocument, type RulesFileResult, type RulesFileInput, type RuleInput } from './rulesFile';
export { readWorkspaceRules, readWorkspaceRulesAsync, WORKSPACE_RULES_PATH } from './workspaceRules';
export { RuleSet, compileRules, type CompileInput, type SuggestionRule, type RulePattern, type RuleConditions, type RuleExceptions, type RuleSource } from './ruleSet';
export {
  SuggestionEngine,
  TEXT_MATCH_FACTOR,
  PRESELECT_SCORE,
  PRESELECT_RANK,
  type SuggestableItem,
  type Suggestion,
  type SuggestionReason,
  type MatchedCondition,
  type SuggestOptions,
  type EngineInput,
} from './suggestionEngine';
export {
  requirementsForItems,
  type ItemWithPatterns,
  type Because,
  type RequirementProvenance,
  type ProjectRequirement,
  type RequirementsForItemsOptions,
  type RequirementsForItemsResult,
} from './requirementsForItems';
export { Vocabulary, normalizePhrase, type KeywordMatch } from './vocabulary';
export { SuggestionDataError, formatFileProblem, type FileProblem } from './configFile';
export { StrideTable, loadStrideTable, STRIDE_CATEGORIES, type StrideCategory } from './stride';
