# Builds Porthole's Windows installer into installers\target\: Porthole-<version>.msi (Start menu entry, desktop
# shortcut, a choice of folder; a newer one upgrades an older one), and the app itself, installers\target\Porthole\
# (runs in place: installers\target\Porthole\Porthole.exe). Run it on Windows: jpackage only makes Windows packages
# on Windows. Not run in CI (which is Linux); the options are the ones build-linux.sh uses, from the same files in
# installers\src\jpackage (common.args, app-image.args), plus windows\app-image.args and windows\msi.args.
#
# Usage (from the repository, in PowerShell):  powershell -ExecutionPolicy Bypass -File installers\build-windows.ps1
# Needs:
#   - JDK 25: JAVA_HOME set to it (for example C:\Program Files\Eclipse Adoptium\jdk-25...), or its bin on PATH;
#   - the WiX Toolset, which jpackage uses to make the .msi: WiX 3.14 (candle.exe and light.exe on PATH), or WiX 4
#     or later as a .NET tool: dotnet tool install --global wix, then
#     wix extension add --global WixToolset.Util.wixext WixToolset.UI.wixext
# The installer is not signed: Windows SmartScreen asks to confirm it. Sign it with signtool if you hand it out.
$ErrorActionPreference = 'Stop'
Set-Location (Join-Path $PSScriptRoot '..')

function Fail($message) { [Console]::Error.WriteLine("build-windows.ps1: $message"); exit 1 }

# The JDK: JAVA_HOME if it is 25 or newer, else the java on PATH (./mvnw needs the same one)
function Get-JavaFeature($java) {
    # java prints the settings on stderr, which Windows PowerShell turns into errors when they are redirected
    $ErrorActionPreference = 'Continue'
    $settings = & $java -XshowSettings:properties -version 2>&1 | Out-String
    if ($settings -match 'java\.specification\.version = (\d+)') { return [int]$Matches[1] }
    return 0
}
$jdk = $null
if ($env:JAVA_HOME -and (Test-Path (Join-Path $env:JAVA_HOME 'bin\jpackage.exe'))) {
    if ((Get-JavaFeature (Join-Path $env:JAVA_HOME 'bin\java.exe')) -ge 25) { $jdk = $env:JAVA_HOME }
}
if (-not $jdk) {
    $java = Get-Command java.exe -ErrorAction SilentlyContinue
    if ($java -and (Get-JavaFeature $java.Source) -ge 25) { $jdk = Split-Path (Split-Path $java.Source) }
}
if (-not $jdk) { Fail 'Porthole needs JDK 25 or newer: install one (for example Temurin 25) and set JAVA_HOME to it.' }
$env:JAVA_HOME = $jdk
$jpackage = Join-Path $jdk 'bin\jpackage.exe'

if (-not ((Get-Command candle.exe -ErrorAction SilentlyContinue) -or (Get-Command wix.exe -ErrorAction SilentlyContinue))) {
    Fail 'jpackage needs the WiX Toolset to make an .msi: install WiX 3.14 (candle.exe, light.exe on PATH) or WiX 4+ (dotnet tool install --global wix).'
}

$target = 'installers\target'
$stage = Join-Path $target 'jpackage'
$started = Get-Date

Write-Host "build-windows.ps1: staging the app's jars and linking its runtime (mvnw -Pinstallers -pl installers -am package)"
if (Test-Path $stage) { Remove-Item -Recurse -Force $stage }
& .\mvnw.cmd -B -q -Pinstallers -pl installers -am package -DskipTests
if ($LASTEXITCODE -ne 0) { Fail 'the Maven build failed (see above)' }

# jpackage runs in the staging directory: the option files name everything relative to it
function Invoke-JPackage {
    Push-Location $stage
    try {
        & $jpackage @args
        if ($LASTEXITCODE -ne 0) { Fail "jpackage $($args -join ' ') failed (see above)" }
    } finally {
        Pop-Location
    }
}

Write-Host "build-windows.ps1: app -> $target\Porthole"
if (Test-Path (Join-Path $target 'Porthole')) { Remove-Item -Recurse -Force (Join-Path $target 'Porthole') }
Invoke-JPackage --type app-image '@common.args' '@app-image.args' '@windows/app-image.args' --dest ..

Write-Host "build-windows.ps1: msi -> $target\"
Get-ChildItem $target -Filter 'Porthole-*.msi' | Remove-Item -Force
Invoke-JPackage --type msi '@common.args' --app-image ..\Porthole '@windows/msi.args' --dest ..

$seconds = [int]((Get-Date) - $started).TotalSeconds
Write-Host "build-windows.ps1: built in $seconds s:"
Get-ChildItem $target -Filter 'Porthole-*.msi' | ForEach-Object { Write-Host ("  {0:N1} MB`t{1}" -f ($_.Length / 1MB), $_.FullName) }
