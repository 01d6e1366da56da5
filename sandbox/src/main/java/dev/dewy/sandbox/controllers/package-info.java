/**
 * Stand-ins for the controllers a cluster runs, working through a plain fabric8 client so they
 * serve the raw CRUD mock and the sandbox's faithful API alike; start them with {@link
 * dev.dewy.sandbox.controllers.Controllers#start}.
 *
 * <p>What they do not emulate: Jobs are non-indexed, without podFailurePolicy, successPolicy or
 * podReplacementPolicy, and a deleted running pod is replaced without being counted as failed;
 * workloads get status only (no ReplicaSets, ControllerRevisions or pods), scaling is reported at
 * once, and paused Deployments, partitions and OnDelete update strategies are ignored; an image
 * whose tag contains {@code unpullable} stands for a pull failure.
 */
package dev.dewy.sandbox.controllers;
