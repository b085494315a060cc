// Bean rules of operations and specs, the §3.6 semantic spec checks with their exact messages,
// and the client-side validateForSend.
#include "protocol/operationvalidator.h"

#include <QTest>

using namespace drove::protocol;

Q_DECLARE_METATYPE(drove::protocol::ApplicationOperation)
Q_DECLARE_METATYPE(drove::protocol::ApplicationSpec)

namespace {

ApplicationSpec validSpec()
{
    ApplicationSpec spec;
    spec.name = QStringLiteral("TEST_APP");
    spec.version = QStringLiteral("1");
    spec.type = JobType::Service;
    ExecutableSpec executable;
    executable.url = QStringLiteral("ghcr.io/appform-io/perf-test-server-httplib");
    executable.dockerPullTimeout = Duration::seconds(100);
    spec.executable = executable;
    spec.exposedPorts = {PortSpec {QStringLiteral("main"), 8000, PortType::Http}};
    spec.resources = {ResourceRequirement::cpu(1), ResourceRequirement::memory(128)};
    CheckSpec check;
    check.mode = CheckModeSpec::http(QStringLiteral("main"), QStringLiteral("/"));
    check.timeout = Duration::seconds(1);
    check.interval = Duration::seconds(5);
    check.attempts = 3;
    spec.healthcheck = check;
    spec.readiness = check;
    return spec;
}

ClusterOpSpec opSpec()
{
    return ClusterOpSpec::make(Duration::minutes(5), 1);
}

template<typename F>
ApplicationOperation withOp(ApplicationOperation op, F change)
{
    change(op);
    return op;
}

template<typename F>
ApplicationSpec withSpec(F change)
{
    ApplicationSpec spec = validSpec();
    change(spec);
    return spec;
}

} // namespace

class TestOperationValidator : public QObject
{
    Q_OBJECT

private slots:
    void validOperationsPass_data();
    void validOperationsPass();
    void operationRules_data();
    void operationRules();
    void specFieldRules_data();
    void specFieldRules();
    void specSemantics_data();
    void specSemantics();
    void allSemanticErrorsTogether();
    void validateForSend();
};

void TestOperationValidator::validOperationsPass_data()
{
    QTest::addColumn<ApplicationOperation>("op");
    const QString id = QStringLiteral("TEST_APP-1");
    QTest::newRow("CREATE") << ApplicationOperation::create(validSpec(), 0, opSpec());
    QTest::newRow("CREATE 2048") << ApplicationOperation::create(validSpec(), 2048, opSpec());
    QTest::newRow("START_INSTANCES 1024")
        << ApplicationOperation::startInstances(id, 1024, opSpec());
    QTest::newRow("SCALE 0") << ApplicationOperation::scale(id, 0, opSpec());
    QTest::newRow("SCALE 2048") << ApplicationOperation::scale(id, 2048, opSpec());
    QTest::newRow("SUSPEND") << ApplicationOperation::suspend(id, opSpec());
    QTest::newRow("STOP_INSTANCES")
        << ApplicationOperation::stopInstances(id, {QStringLiteral("AI-1")}, true, opSpec());
    QTest::newRow("REPLACE_INSTANCES all")
        << ApplicationOperation::replaceInstances(id, {}, false, opSpec());
    QTest::newRow("DESTROY") << ApplicationOperation::destroy(id, opSpec());
    QTest::newRow("RECOVER without opSpec") << ApplicationOperation::recover(id);
    QTest::newRow("parallelism 32")
        << ApplicationOperation::scale(id, 1, ClusterOpSpec::make(Duration::minutes(1), 32));
}

void TestOperationValidator::validOperationsPass()
{
    QFETCH(ApplicationOperation, op);
    QCOMPARE(OperationValidator::validate(op), QStringList());
    QCOMPARE(OperationValidator::validateForSend(op), QStringList());
}

void TestOperationValidator::operationRules_data()
{
    QTest::addColumn<ApplicationOperation>("op");
    QTest::addColumn<QStringList>("errors");
    const QString id = QStringLiteral("TEST_APP-1");
    const auto scale = ApplicationOperation::scale(id, 1, opSpec());

    QTest::newRow("SCALE appId missing") << ApplicationOperation::scale(QString(), 1, opSpec())
                                         << QStringList {QStringLiteral("appId must not be null")};
    QTest::newRow("SCALE appId empty")
        << ApplicationOperation::scale(QLatin1String(""), 1, opSpec()) << QStringList();
    QTest::newRow("DESTROY appId missing")
        << ApplicationOperation::destroy(QString(), opSpec())
        << QStringList {QStringLiteral("appId must not be empty")};
    QTest::newRow("opSpec missing") << withOp(scale, [](auto &op) { op.opSpec.reset(); })
                                    << QStringList {QStringLiteral("opSpec must not be null")};
    QTest::newRow("timeout missing")
        << withOp(scale, [](auto &op) { op.opSpec->timeout.reset(); })
        << QStringList {QStringLiteral("opSpec.timeout must not be null")};
    QTest::newRow("parallelism 0")
        << withOp(scale, [](auto &op) { op.opSpec->parallelism = 0; })
        << QStringList {QStringLiteral("opSpec.parallelism must be between 1 and 32")};
    QTest::newRow("parallelism 33")
        << withOp(scale, [](auto &op) { op.opSpec->parallelism = 33; })
        << QStringList {QStringLiteral("opSpec.parallelism must be between 1 and 32")};
    QTest::newRow("parallelism 512 (real Drove max)")
        << withOp(scale, [](auto &op) { op.opSpec->parallelism = 512; })
        << QStringList {QStringLiteral("opSpec.parallelism must be between 1 and 32")};
    QTest::newRow("failureStrategy ROLLBACK")
        << withOp(scale, [](auto &op) { op.opSpec->failureStrategy = FailureStrategy::Rollback; })
        << QStringList {
               QStringLiteral("opSpec.failureStrategy ROLLBACK is not supported: only STOP is")};
    QTest::newRow("failureStrategy missing")
        << withOp(scale, [](auto &op) { op.opSpec->failureStrategy.reset(); })
        << QStringList {QStringLiteral("opSpec.failureStrategy must not be null")};
    QTest::newRow("CREATE instances 2049")
        << ApplicationOperation::create(validSpec(), 2049, opSpec())
        << QStringList {QStringLiteral("instances must be between 0 and 2048")};
    QTest::newRow("CREATE instances -1")
        << ApplicationOperation::create(validSpec(), -1, opSpec())
        << QStringList {QStringLiteral("instances must be between 0 and 2048")};
    QTest::newRow("CREATE without spec") << withOp(
        ApplicationOperation::create(validSpec(), 0, opSpec()), [](auto &op) { op.spec.reset(); })
                                         << QStringList {QStringLiteral("spec must not be null")};
    QTest::newRow("START_INSTANCES 1025")
        << ApplicationOperation::startInstances(id, 1025, opSpec())
        << QStringList {QStringLiteral("instances must be between 0 and 1024")};
    QTest::newRow("START_INSTANCES -1")
        << ApplicationOperation::startInstances(id, -1, opSpec())
        << QStringList {QStringLiteral("instances must be between 0 and 1024")};
    QTest::newRow("SCALE 2049") << ApplicationOperation::scale(
        id, 2049,
        opSpec()) << QStringList {QStringLiteral("requiredInstances must be between 0 and 2048")};
    QTest::newRow("SCALE -5") << ApplicationOperation::scale(
        id, -5,
        opSpec()) << QStringList {QStringLiteral("requiredInstances must be between 0 and 2048")};
    QTest::newRow("STOP_INSTANCES no ids")
        << ApplicationOperation::stopInstances(id, {}, false, opSpec())
        << QStringList {QStringLiteral("instanceIds must not be empty")};
    QTest::newRow("several at once")
        << withOp(ApplicationOperation::scale(QString(), 5000, opSpec()),
                  [](auto &op) { op.opSpec->parallelism = 0; })
        << QStringList {QStringLiteral("appId must not be null"),
                        QStringLiteral("requiredInstances must be between 0 and 2048"),
                        QStringLiteral("opSpec.parallelism must be between 1 and 32")};
    QTest::newRow("CREATE spec errors are prefixed")
        << ApplicationOperation::create(withSpec([](auto &s) { s.name.clear(); }), 0, opSpec())
        << QStringList {QStringLiteral("spec.name - Application name is mandatory")};
}

void TestOperationValidator::operationRules()
{
    QFETCH(ApplicationOperation, op);
    QFETCH(QStringList, errors);
    QCOMPARE(OperationValidator::validate(op), errors);
    // The client runs the same bean rules before sending.
    for (const QString &error : errors)
        QVERIFY(OperationValidator::validateForSend(op).contains(error));
}

void TestOperationValidator::specFieldRules_data()
{
    QTest::addColumn<ApplicationSpec>("spec");
    QTest::addColumn<QStringList>("errors");

    QTest::newRow("name empty") << withSpec([](auto &s) {
        s.name.clear();
    }) << QStringList {QStringLiteral("name - Application name is mandatory")};
    QTest::newRow("name bad chars")
        << withSpec([](auto &s) { s.name = QStringLiteral("my app"); })
        << QStringList {
               QStringLiteral("name - Only characters, numbers, hyphen and underscore is allowed")};
    QTest::newRow("version empty")
        << withSpec([](auto &s) { s.version.clear(); })
        << QStringList {QStringLiteral("version - App version is mandatory")};
    QTest::newRow("version dot")
        << withSpec([](auto &s) { s.version = QStringLiteral("1.0"); })
        << QStringList {QStringLiteral(
               "version - Only characters, numbers, hyphen and underscore is allowed")};
    QTest::newRow("type missing") << withSpec([](auto &s) { s.type.reset(); })
                                  << QStringList {QStringLiteral("type must not be null")};
    QTest::newRow("executable missing")
        << withSpec([](auto &s) { s.executable.reset(); })
        << QStringList {QStringLiteral("executable must not be null")};
    QTest::newRow("executable url empty")
        << withSpec([](auto &s) { s.executable->url.clear(); })
        << QStringList {QStringLiteral("executable.url must not be empty")};
    QTest::newRow("dockerPullTimeout missing")
        << withSpec([](auto &s) { s.executable->dockerPullTimeout.reset(); })
        << QStringList {QStringLiteral("executable.dockerPullTimeout must not be null")};
    QTest::newRow("no ports") << withSpec([](auto &s) {
        s.exposedPorts.clear();
        s.healthcheck->mode = CheckModeSpec::cmd(QStringLiteral("true"));
        s.readiness->mode = CheckModeSpec::cmd(QStringLiteral("true"));
    }) << QStringList {QStringLiteral("exposedPorts must not be empty")};
    QTest::newRow("port 0") << withSpec([](auto &s) {
        s.exposedPorts[0].port = 0;
    }) << QStringList {QStringLiteral("exposedPorts[0].port must be between 1 and 65535")};
    QTest::newRow("port 65536") << withSpec([](auto &s) {
        s.exposedPorts[0].port = 65536;
    }) << QStringList {QStringLiteral("exposedPorts[0].port must be between 1 and 65535")};
    QTest::newRow("port type missing")
        << withSpec([](auto &s) { s.exposedPorts[0].type.reset(); })
        << QStringList {QStringLiteral("exposedPorts[0].type must not be null")};
    QTest::newRow("resources empty") << withSpec([](auto &s) { s.resources.clear(); })
                                     << QStringList {QStringLiteral("resources must not be empty")};
    QTest::newRow("healthcheck missing")
        << withSpec([](auto &s) { s.healthcheck.reset(); })
        << QStringList {QStringLiteral("healthcheck must not be null")};
    QTest::newRow("readiness attempts 0")
        << withSpec([](auto &s) { s.readiness->attempts = 0; })
        << QStringList {QStringLiteral("readiness.attempts must be between 1 and 100")};
    QTest::newRow("healthcheck attempts 101")
        << withSpec([](auto &s) { s.healthcheck->attempts = 101; })
        << QStringList {QStringLiteral("healthcheck.attempts must be between 1 and 100")};
    QTest::newRow("healthcheck timeout missing")
        << withSpec([](auto &s) { s.healthcheck->timeout.reset(); })
        << QStringList {QStringLiteral("healthcheck.timeout must not be null")};
    QTest::newRow("readiness mode missing")
        << withSpec([](auto &s) { s.readiness->mode.reset(); })
        << QStringList {QStringLiteral("readiness.mode must not be null")};
    QTest::newRow("http check without success codes")
        << withSpec([](auto &s) { s.healthcheck->mode->successCodes.clear(); })
        << QStringList {QStringLiteral("healthcheck.mode.successCodes must not be empty")};
    QTest::newRow("cmd check empty command")
        << withSpec([](auto &s) { s.readiness->mode = CheckModeSpec::cmd(QString()); })
        << QStringList {QStringLiteral("readiness.mode.command must not be empty")};
    QTest::newRow("max per host 65")
        << withSpec([](auto &s) { s.placementPolicy = PlacementPolicy::maxNPerHost(65); })
        << QStringList {QStringLiteral("placementPolicy.max must be between 1 and 64")};
    QTest::newRow("composite child empty tag") << withSpec([](auto &s) {
        s.placementPolicy
            = PlacementPolicy::composite({PlacementPolicy::matchTag(QString())}, CombinerType::And);
    }) << QStringList {QStringLiteral("placementPolicy.policies[0].tag must not be empty")};
    QTest::newRow("logging maxFiles 0") << withSpec([](auto &s) {
        LoggingSpec logging = LoggingSpec::defaults();
        logging.maxFiles = 0;
        s.logging = logging;
    }) << QStringList {QStringLiteral("logging.maxFiles must be between 1 and 100")};
    QTest::newRow("inline config without data") << withSpec([](auto &s) {
        s.configs = QList<ConfigSpec> {ConfigSpec::inlineData(QStringLiteral("/f"), QByteArray())};
    }) << QStringList {QStringLiteral("configs[0].data must not be empty")};
    QTest::newRow("exposure vhost empty") << withSpec([](auto &s) {
        s.exposureSpec = ExposureSpec {QString(), QStringLiteral("main"), ExposureMode::All};
    }) << QStringList {QStringLiteral("exposureSpec.vhost must not be empty")};
    QTest::newRow("userSpec user empty")
        << withSpec([](auto &s) { s.userSpec = UserSpec {}; })
        << QStringList {QStringLiteral("userSpec.user must not be empty")};
    QTest::newRow("volume fields")
        << withSpec([](auto &s) { s.volumes = QList<MountedVolume> {MountedVolume {}}; })
        << QStringList {QStringLiteral("volumes[0].pathInContainer must not be empty"),
                        QStringLiteral("volumes[0].pathOnHost must not be empty"),
                        QStringLiteral("volumes[0].mode must not be null")};
}

void TestOperationValidator::specFieldRules()
{
    QFETCH(ApplicationSpec, spec);
    QFETCH(QStringList, errors);
    QCOMPARE(OperationValidator::validateSpecFields(spec), errors);
}

void TestOperationValidator::specSemantics_data()
{
    QTest::addColumn<ApplicationSpec>("spec");
    QTest::addColumn<bool>("disableArgs");
    QTest::addColumn<bool>("allowDevices");
    QTest::addColumn<QStringList>("errors");

    QTest::newRow("valid") << validSpec() << false << false << QStringList();
    QTest::newRow("health check port")
        << withSpec([](auto &s) {
               s.healthcheck->mode->portName = QStringLiteral("admin");
               s.exposedPorts.append(PortSpec {QStringLiteral("b"), 9000, PortType::Tcp});
           })
        << false << false
        << QStringList {QStringLiteral(
               "Invalid port name for health check: admin. Available ports: [b, main]")};
    QTest::newRow("readiness port uses the same text")
        << withSpec([](auto &s) { s.readiness->mode->portName = QStringLiteral("x"); }) << false
        << false
        << QStringList {
               QStringLiteral("Invalid port name for health check: x. Available ports: [main]")};
    QTest::newRow("no cpu") << withSpec([](auto &s) {
        s.resources = {ResourceRequirement::memory(128)};
    }) << false << false << QStringList {QStringLiteral("Cpu requirements are mandatory")};
    QTest::newRow("no memory") << withSpec([](auto &s) {
        s.resources = {ResourceRequirement::cpu(1)};
    }) << false << false << QStringList {QStringLiteral("Memory requirements are mandatory")};
    QTest::newRow("exposure port undefined")
        << withSpec([](auto &s) {
               s.exposureSpec
                   = ExposureSpec {QStringLiteral("v"), QStringLiteral("web"), ExposureMode::All};
           })
        << false << false
        << QStringList {
               QStringLiteral("Exposed port name web is undefined. Defined port names: [main]")};
    QTest::newRow("args disabled")
        << withSpec([](auto &s) { s.args = QStringList {QStringLiteral("a")}; }) << true << false
        << QStringList {
               QStringLiteral("Passing command line to containers is disabled on this cluster")};
    QTest::newRow("args too long") << withSpec([](auto &s) {
        s.args = QStringList {QString(1024, QLatin1Char('a')), QString(1024, QLatin1Char('b'))};
    }) << false << false
                                   << QStringList {
                                          QStringLiteral("Maximum combined length of command line "
                                                         "arguments can be 2048")};
    QTest::newRow("args exactly 2048") << withSpec([](auto &s) {
        s.args = QStringList {QString(1023, QLatin1Char('a')), QString(1024, QLatin1Char('b'))};
    }) << false << false << QStringList();
    QTest::newRow("devices disabled")
        << withSpec([](auto &s) {
               DeviceSpec device;
               device.pathOnHost = QStringLiteral("/dev/fuse");
               s.devices = QList<DeviceSpec> {device};
           })
        << false << false
        << QStringList {QStringLiteral("Device access is disabled. To enable, set "
                                       "enableRawDeviceAccess: true in controller options.")};
    QTest::newRow("devices enabled") << withSpec([](auto &s) {
        DeviceSpec device;
        device.pathOnHost = QStringLiteral("/dev/fuse");
        s.devices = QList<DeviceSpec> {device};
    }) << false << true << QStringList();
    QTest::newRow("local placement nested")
        << withSpec([](auto &s) {
               s.placementPolicy = PlacementPolicy::composite(
                   {PlacementPolicy::any(), PlacementPolicy::ofType(PlacementPolicyType::Local)},
                   CombinerType::And);
           })
        << false << false
        << QStringList {QStringLiteral("Local service placement is not allowed for apps")};
}

void TestOperationValidator::specSemantics()
{
    QFETCH(ApplicationSpec, spec);
    QFETCH(bool, disableArgs);
    QFETCH(bool, allowDevices);
    QFETCH(QStringList, errors);
    SpecValidationOptions options;
    options.disableCmdlArgs = disableArgs;
    options.enableRawDeviceAccess = allowDevices;
    QCOMPARE(OperationValidator::validateSpecSemantics(spec, options), errors);
}

void TestOperationValidator::allSemanticErrorsTogether()
{
    ApplicationSpec spec = validSpec();
    spec.resources.clear();
    spec.volumes = QList<MountedVolume> {
        MountedVolume {QStringLiteral("/d"), QStringLiteral("/mnt/ok/x"), VolumeMode::ReadOnly},
        MountedVolume {QStringLiteral("/e"), QStringLiteral("/etc"), VolumeMode::ReadOnly},
        MountedVolume {QStringLiteral("/f"), QStringLiteral("/root"), VolumeMode::ReadWrite}};
    SpecValidationOptions options;
    options.allowedMountDirs = {QStringLiteral("/mnt/ok"), QStringLiteral("/data")};
    QCOMPARE(
        OperationValidator::validateSpecSemantics(spec, options),
        (QStringList {
            QStringLiteral("Cpu requirements are mandatory"),
            QStringLiteral("Memory requirements are mandatory"),
            QStringLiteral("Volume mount requested on non whitelisted host directory: /etc"),
            QStringLiteral("Volume mount requested on non whitelisted host directory: /root")}));
    // Without a whitelist any host path is fine.
    options.allowedMountDirs.clear();
    QCOMPARE(OperationValidator::validateSpecSemantics(spec, options).size(), 2);
}

void TestOperationValidator::validateForSend()
{
    // Semantic checks that need no controller options run on the client too…
    ApplicationSpec badPort = validSpec();
    badPort.healthcheck->mode->portName = QStringLiteral("nope");
    QCOMPARE(
        OperationValidator::validateForSend(ApplicationOperation::create(badPort, 1, opSpec())),
        QStringList {
            QStringLiteral("Invalid port name for health check: nope. Available ports: [main]")});
    // …but device access and mount whitelists are the controller's call.
    ApplicationSpec devices = validSpec();
    DeviceSpec device;
    device.pathOnHost = QStringLiteral("/dev/fuse");
    devices.devices = QList<DeviceSpec> {device};
    devices.volumes = QList<MountedVolume> {
        MountedVolume {QStringLiteral("/d"), QStringLiteral("/anything"), VolumeMode::ReadOnly}};
    QCOMPARE(
        OperationValidator::validateForSend(ApplicationOperation::create(devices, 1, opSpec())),
        QStringList());
}

QTEST_APPLESS_MAIN(TestOperationValidator)
#include "tst_operationvalidator.moc"
