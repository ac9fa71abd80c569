// The coffee science the PWA runs offline: the same forms, standards and arithmetic as the server.
import catalogue from './catalogue.js';

export { catalogue };
export { scoreCupping, band } from './cupping.js';
export { gradeGreen } from './grading.js';
export { parseArtisan, profileFromArtisan, analyzeRoast, parsePythonLiteral, RoastError } from './roast.js';
export { ValidationError } from './fields.js';

/** A cupping form of the catalogue by id (`sca2004`, `cva2024`, `cva2024Descriptive`, `fineRobusta`). */
export const form = (id) => catalogue.forms.find((f) => f.id === id);

/** A grading standard of the catalogue by id (`scaArabica`, `fineRobusta`). */
export const standard = (id) => catalogue.gradingStandards.find((s) => s.id === id);
