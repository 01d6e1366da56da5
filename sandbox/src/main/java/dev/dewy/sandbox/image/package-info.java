/**
 * The node agent's container-runtime stand-in, without a Kubernetes client: image references, pulls
 * through the OCI distribution API into a blob cache, and layer unpacking into a root.
 */
package dev.dewy.sandbox.image;
