<#
.SYNOPSIS
  Installs the WardWatch agent as a Windows service (no NSSM, no third-party tools).

.DESCRIPTION
  node.exe cannot talk to the Service Control Manager itself, so this script compiles a
  tiny service wrapper (C#, System.ServiceProcess, via Add-Type and the .NET Framework that
  ships with Windows) that starts
      node.exe wardwatch-agent.mjs run --config <ConfigPath>
  restarts it if it exits, stops it cleanly by closing its stdin (the agent flushes its
  outbox and exits; WARDWATCH_STOP_ON_STDIN_EOF=1), and appends its output to a log file.
  The service runs as LocalSystem, starts automatically, and sc.exe failure actions restart
  it if the wrapper itself dies.

  NOT TESTED ON WINDOWS (built on Linux). See README.md "Open points".

.EXAMPLE
  # As Administrator, from the folder holding wardwatch-agent.mjs:
  .\install-service.ps1 -Server https://giamsat.congan.quangngai.gov.vn -Token <TOKEN>
#>
[CmdletBinding()]
param(
  [string]$ServiceName = 'WardWatchAgent',
  [string]$InstallDir = (Join-Path $env:ProgramFiles 'WardWatch'),
  [string]$DataRoot = (Join-Path $env:ProgramData 'WardWatch'),
  [string]$ConfigPath = (Join-Path (Join-Path $env:ProgramData 'WardWatch') 'agent.json'),
  [string]$NodePath = '',
  [string]$Bundle = (Join-Path $PSScriptRoot 'wardwatch-agent.mjs'),
  # AGENT_NODE_FLAGS (agent/src/node-flags.ts), the same as the systemd unit; measured on Linux
  # in docs/benchmarks.md (less memory, CPU unchanged). '' to disable.
  [string]$NodeFlags = '--lite-mode --max-semi-space-size=1 --v8-pool-size=0 --single-threaded-gc',
  # Optional: enroll now (one-time token from the console).
  [string]$Server = '',
  [string]$Token = ''
)
$ErrorActionPreference = 'Stop'

$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
  throw 'Cần chạy với quyền Administrator / run this script as Administrator.'
}
if (-not $NodePath) {
  $cmd = Get-Command node.exe -ErrorAction SilentlyContinue
  if (-not $cmd) { throw 'Không tìm thấy node.exe (cần Node.js 20) / node.exe not found: install Node.js 20 LTS or pass -NodePath.' }
  $NodePath = $cmd.Source
}
$nodeVersion = & $NodePath --version
if ($nodeVersion -notmatch '^v(2[0-9]|[3-9][0-9])\.') { throw "Node.js >= 20 required, found $nodeVersion" }
if (-not (Test-Path $Bundle)) { throw "Bundle not found: $Bundle (pnpm --filter @wardwatch/agent bundle)" }

New-Item -ItemType Directory -Force -Path $InstallDir, $DataRoot, (Join-Path $DataRoot 'logs') | Out-Null
$agentFile = Join-Path $InstallDir 'wardwatch-agent.mjs'
Copy-Item -Force $Bundle $agentFile

if ($Server -and $Token) {
  & $NodePath $agentFile enroll --server $Server --token $Token --config $ConfigPath
  if ($LASTEXITCODE -ne 0) { throw "Enrollment failed (exit $LASTEXITCODE)" }
}
if (-not (Test-Path $ConfigPath)) {
  Write-Warning "Chưa có $ConfigPath: chạy 'node $agentFile enroll --server URL --token TOKEN --config $ConfigPath' / no config yet: enroll first."
}
# The config holds the station credential: only SYSTEM and Administrators may read it.
if (Test-Path $ConfigPath) {
  & icacls.exe $ConfigPath /inheritance:r /grant:r 'SYSTEM:(F)' 'Administrators:(F)' | Out-Null
}

$wrapperSource = @'
using System;
using System.Diagnostics;
using System.IO;
using System.ServiceProcess;
using System.Threading;

public class WardWatchService : ServiceBase {
  private Process child;
  private volatile bool stopping;
  private Thread supervisor;
  private readonly string node, agent, config, logFile, nodeFlags;

  public WardWatchService(string node, string agent, string config, string logFile, string nodeFlags) {
    ServiceName = "WardWatchAgent";
    CanStop = true; CanShutdown = true;
    this.node = node; this.agent = agent; this.config = config; this.logFile = logFile;
    this.nodeFlags = nodeFlags;
  }

  private void Log(string line) {
    try { File.AppendAllText(logFile, line + Environment.NewLine); } catch { }
  }

  private void Supervise() {
    int delayMs = 1000;
    while (!stopping) {
      var psi = new ProcessStartInfo(node, nodeFlags + " \"" + agent + "\" run --config \"" + config + "\"");
      psi.UseShellExecute = false;
      psi.RedirectStandardInput = true;
      psi.RedirectStandardOutput = true;
      psi.RedirectStandardError = true;
      psi.CreateNoWindow = true;
      psi.EnvironmentVariables["WARDWATCH_STOP_ON_STDIN_EOF"] = "1";
      var started = DateTime.UtcNow;
      child = new Process { StartInfo = psi };
      child.OutputDataReceived += (s, e) => { if (e.Data != null) Log(e.Data); };
      child.ErrorDataReceived += (s, e) => { if (e.Data != null) Log(e.Data); };
      child.Start();
      child.BeginOutputReadLine();
      child.BeginErrorReadLine();
      child.WaitForExit();
      if (stopping) break;
      Log(DateTime.UtcNow.ToString("o") + " wrapper: agent exited with code " + child.ExitCode + "; restarting");
      // Back off when it keeps failing at start; reset after a run of 60 s or more.
      delayMs = (DateTime.UtcNow - started).TotalSeconds >= 60 ? 1000 : Math.Min(delayMs * 2, 60000);
      Thread.Sleep(delayMs);
    }
  }

  protected override void OnStart(string[] args) {
    stopping = false;
    supervisor = new Thread(Supervise) { IsBackground = true };
    supervisor.Start();
  }

  private void StopChild() {
    stopping = true;
    var p = child;
    if (p == null) return;
    try {
      if (!p.HasExited) {
        RequestAdditionalTime(15000);
        p.StandardInput.Close(); // the agent drains its outbox and exits
        if (!p.WaitForExit(12000)) p.Kill();
      }
    } catch { }
  }

  protected override void OnStop() { StopChild(); }
  protected override void OnShutdown() { StopChild(); }

  public static void Main(string[] args) {
    ServiceBase.Run(new WardWatchService(args[0], args[1], args[2], args[3], args.Length > 4 ? args[4] : ""));
  }
}
'@
$wrapperExe = Join-Path $InstallDir 'wardwatch-service.exe'
if (Test-Path $wrapperExe) { Remove-Item -Force $wrapperExe }
Add-Type -TypeDefinition $wrapperSource -Language CSharp `
  -ReferencedAssemblies 'System.ServiceProcess' `
  -OutputAssembly $wrapperExe -OutputType ConsoleApplication

$logFile = Join-Path (Join-Path $DataRoot 'logs') 'agent.log'
$binPath = "`"$wrapperExe`" `"$NodePath`" `"$agentFile`" `"$ConfigPath`" `"$logFile`" `"$NodeFlags`""

$existing = Get-Service -Name $ServiceName -ErrorAction SilentlyContinue
if ($existing) {
  if ($existing.Status -ne 'Stopped') { Stop-Service -Name $ServiceName -Force }
  & sc.exe config $ServiceName binPath= $binPath start= auto | Out-Null
} else {
  New-Service -Name $ServiceName -BinaryPathName $binPath -DisplayName 'WardWatch Agent' `
    -Description 'Giám sát đường truyền, phiên kết nối và thiết bị (Đề án 06) / WardWatch link, session and device monitor' `
    -StartupType Automatic | Out-Null
}
# Restart after 5 s, 10 s, then 60 s if the wrapper process itself dies; reset the count daily.
& sc.exe failure $ServiceName reset= 86400 actions= restart/5000/restart/10000/restart/60000 | Out-Null
& sc.exe failureflag $ServiceName 1 | Out-Null

if (Test-Path $ConfigPath) {
  Start-Service -Name $ServiceName
  Write-Host "Đã cài và khởi động dịch vụ $ServiceName / service installed and started."
  Write-Host "Kiểm tra / check: node `"$agentFile`" status --config `"$ConfigPath`""
} else {
  Write-Host "Đã cài dịch vụ $ServiceName (chưa khởi động: cần đăng ký trước) / installed, not started: enroll first."
}
