// Quota ledger contracts (subjects, DTOs, events) live here.
export {};
