// Audit log contracts (subjects, DTOs) live here.
export {};
