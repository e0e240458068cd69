// Declares nothing: what a preview costs before any resource or lookup.
export {};
