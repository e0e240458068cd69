// MinioSso's command runs `node minio-admin/run-cli.js` in the project's directory; a project that imports the
// component from elsewhere forwards to the component's own launcher.
"use strict";
require("../../../../minio-admin/run-cli.js");
