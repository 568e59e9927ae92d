<#
.SYNOPSIS
  Stops and removes the WardWatch agent service. Keeps the config, outbox and logs in
  %ProgramData%\WardWatch unless -RemoveData is given (the outbox may hold unsent data).
  NOT TESTED ON WINDOWS (built on Linux).
#>
[CmdletBinding()]
param(
  [string]$ServiceName = 'WardWatchAgent',
  [string]$InstallDir = (Join-Path $env:ProgramFiles 'WardWatch'),
  [string]$DataRoot = (Join-Path $env:ProgramData 'WardWatch'),
  [switch]$RemoveData
)
$ErrorActionPreference = 'Stop'
$svc = Get-Service -Name $ServiceName -ErrorAction SilentlyContinue
if ($svc) {
  if ($svc.Status -ne 'Stopped') {
    Stop-Service -Name $ServiceName -Force
    $svc.WaitForStatus('Stopped', [TimeSpan]::FromSeconds(30))
  }
  & sc.exe delete $ServiceName | Out-Null
  Write-Host "Đã gỡ dịch vụ $ServiceName / service removed."
} else {
  Write-Host "Không có dịch vụ $ServiceName / no such service."
}
if (Test-Path $InstallDir) { Remove-Item -Recurse -Force $InstallDir }
if ($RemoveData -and (Test-Path $DataRoot)) {
  Remove-Item -Recurse -Force $DataRoot
  Write-Host "Đã xóa dữ liệu $DataRoot / data removed."
}
