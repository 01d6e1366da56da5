-- Argo CD health check for dewy.dev/DewyDeployment.
-- Healthy: the workload runs the newest version the policy allows (Ready=True).
-- Progressing: a rollout is under way, or the operator has not reported on this spec yet.
-- Degraded: the spec cannot work (Stalled), or the last attempt failed, was rolled back
-- (Ready=False/RolledBack) or could not be rolled back (RollbackFailed). While the previous
-- version is being restored (Reconciling=True/RollingBack) it is Progressing.
-- Suspended: spec.suspend is true, or deploys are held after a manual change
-- (Ready=False/HeldAfterManualChange) until spec.version or dewy.dev/resume, or a version
-- awaits approval (Ready=False/AwaitingApproval, spec.approval: manual) until dewy.dev/approve.
-- A version not approved within spec.approvalTimeout (NotApproved) is Degraded: nothing failed,
-- but a person should look.
local hs = {status = "Progressing", message = "Waiting for dewy-operator to report"}

local function condition(conditions, kind)
  if conditions == nil then return nil end
  for _, c in ipairs(conditions) do
    if c.type == kind then return c end
  end
  return nil
end

if obj.status == nil then return hs end
local generation = obj.metadata and obj.metadata.generation
if generation ~= nil and obj.status.observedGeneration ~= nil
    and obj.status.observedGeneration < generation then
  hs.message = "Waiting for dewy-operator to observe generation " .. generation
  return hs
end

local conditions = obj.status.conditions
local stalled = condition(conditions, "Stalled")
if stalled ~= nil and stalled.status == "True" then
  return {status = "Degraded", message = stalled.message or stalled.reason}
end
local reconciling = condition(conditions, "Reconciling")
local ready = condition(conditions, "Ready")
-- A failed attempt waiting out its back-off is Reconciling (kstatus sees it in progress), but
-- what Argo CD users need to see is the failure.
if reconciling ~= nil and reconciling.status == "True" and reconciling.reason == "ProgressingWithRetry"
    and ready ~= nil and ready.status == "False" then
  return {status = "Degraded", message = ready.message or ready.reason}
end
if reconciling ~= nil and reconciling.status == "True" then
  return {status = "Progressing", message = reconciling.message or reconciling.reason}
end
if ready == nil then return hs end
if ready.status == "True" then
  if ready.reason == "Suspended" or (obj.spec ~= nil and obj.spec.suspend == true) then
    return {status = "Suspended", message = ready.message}
  end
  return {status = "Healthy", message = ready.message}
end
if ready.reason == "HeldAfterManualChange" or ready.reason == "AwaitingApproval" then
  return {status = "Suspended", message = ready.message}
end
if ready.status == "Unknown" then
  return {status = "Progressing", message = ready.message}
end
return {status = "Degraded", message = ready.message or ready.reason}
