#include "models/capacitycheck.h"
#include "protocol/applicationspec.h"
#include "ui/canceloperationdialog.h"
#include "ui/createapplicationdialog.h"
#include "ui/destroydialog.h"
#include "ui/guarddialog.h"
#include "ui/opspeceditor.h"
#include "ui/restartdialog.h"
#include "ui/scaledialog.h"
#include "ui/startinstancesdialog.h"
#include "ui/stopinstancesdialog.h"
#include "ui/suspenddialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

Q_DECLARE_METATYPE(drove::client::Criticality)
Q_DECLARE_METATYPE(drove::ui::ClusterAction)
Q_DECLARE_METATYPE(drove::protocol::PlacementPolicy)

using namespace drove;
using client::Criticality;
using ui::OperationContext;
using ui::OperationDialog;

class TestOperationDialogs : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void scale_data();
    void scale();
    void startInstances();
    void suspendOnLocalNeedsNoConfirmation();
    void suspendOnProductionNeedsTypedAppId();
    void restart_data();
    void restart();
    void stopInstances_data();
    void stopInstances();
    void stopWithoutInstancesKeepsOkDisabled();
    void destroy_data();
    void destroy();
    void createFromFileWaitsForController();
    void createShowsLocalProblemsAtTheirLine_data();
    void createShowsLocalProblemsAtTheirLine();
    void createShowsControllerRejection();
    void createIgnoresStaleControllerAnswers();
    void createWithoutControllerValidation();
    void opSpecDefaultsAreRememberedPerCluster();
    void copyButtonsPutExactCommandsOnClipboard();
    void capacityWarningNeedsSendAnyway();
    void placementReasonInScaleDialog_data();
    void placementReasonInScaleDialog();
    void cancelDialog();
    void cancelOnProductionIsTickedFirst();
    void guardDialogAsksWhatThePolicySays_data();
    void guardDialogAsksWhatThePolicySays();
    void guardWithoutConfirmationGoesAtOnce();
    void escapeClosesDialog();

private:
    QTemporaryDir m_settingsDir;
};

namespace {

const QString kApp = QStringLiteral("TEST_APP-1");

OperationContext context(Criticality criticality = Criticality::Local)
{
    OperationContext context;
    context.clusterName = QStringLiteral("local");
    context.endpoint = QUrl(QStringLiteral("http://127.0.0.1:10000"));
    context.criticality = criticality;
    return context;
}

template<typename T>
T *child(QWidget *parent, const char *name)
{
    auto *widget = parent->findChild<T *>(QLatin1String(name));
    if (!widget)
        qWarning("no child %s", name);
    return widget;
}

// Check boxes and radio buttons only react on their indicator and text, so click there rather
// than at the widget's centre.
void clickToggle(QAbstractButton *button)
{
    QTest::mouseClick(button, Qt::LeftButton, {}, QPoint(6, button->height() / 2));
}

QPushButton *okButton(QWidget *dialog)
{
    return child<QPushButton>(dialog, "okButton");
}

// Types into a spin box as a user would: select everything, type, leave.
void typeInto(QSpinBox *spin, int value)
{
    spin->setFocus();
    spin->selectAll();
    QTest::keyClicks(spin, QString::number(value));
    QTest::keyClick(spin, Qt::Key_Tab);
}

void setOpSpec(QWidget *dialog, int timeout, const QString &unit, int parallelism)
{
    typeInto(child<QSpinBox>(dialog, "timeoutSpinBox"), timeout);
    auto *units = child<QComboBox>(dialog, "timeoutUnitCombo");
    units->setCurrentIndex(units->findText(unit));
    typeInto(child<QSpinBox>(dialog, "parallelismSpinBox"), parallelism);
}

QJsonObject parse(const char *json)
{
    QJsonParseError error {};
    const auto doc = QJsonDocument::fromJson(QByteArray(json), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad expected JSON: %s", qPrintable(error.errorString()));
    return doc.object();
}

// Clicks OK and checks that the dialog accepted and produced `expected`, and that the preview
// shows exactly that JSON.
bool acceptsWith(OperationDialog *dialog, const QJsonObject &expected)
{
    const auto preview = child<QPlainTextEdit>(dialog, "jsonPreview")->toPlainText();
    if (QJsonDocument::fromJson(preview.toUtf8()).object() != expected) {
        qWarning("preview differs:\n%s", qPrintable(preview));
        return false;
    }
    if (!okButton(dialog)->isEnabled()) {
        qWarning("OK disabled: %s",
                 qPrintable(child<QLabel>(dialog, "validationErrorLabel")->text()));
        return false;
    }
    QTest::mouseClick(okButton(dialog), Qt::LeftButton);
    if (dialog->result() != QDialog::Accepted) {
        qWarning("dialog not accepted");
        return false;
    }
    const auto actual = dialog->operation().toJson();
    if (actual != expected) {
        qWarning("operation differs:\n%s", QJsonDocument(actual).toJson().constData());
        return false;
    }
    return true;
}

void maybeScreenshot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("DROVE_UI_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        widget->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
}

QString testAppSpecPath()
{
    return QStringLiteral(DROVE_TEST_DATA_DIR "/drove-reference/app-spec.test_app.json");
}

QString testAppSpecText()
{
    QFile file(testAppSpecPath());
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

} // namespace

void TestOperationDialogs::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QCoreApplication::setOrganizationName(QStringLiteral("drove-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_operationdialogs"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
}

void TestOperationDialogs::init()
{
    QSettings().clear();
}

void TestOperationDialogs::scale_data()
{
    QTest::addColumn<int>("typed");
    QTest::addColumn<int>("plusClicks");
    QTest::addColumn<int>("minusClicks");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("typed target")
        << 7 << 0 << 0 << QByteArray(R"({"type":"SCALE","appId":"TEST_APP-1","requiredInstances":7,
                 "opSpec":{"timeout":"90 seconds","parallelism":4,"failureStrategy":"STOP"}})");
    QTest::newRow("plus steps") << -1 << 3 << 0
                                << QByteArray(R"({"type":"SCALE","appId":"TEST_APP-1",
                 "requiredInstances":8,"opSpec":{"timeout":"90 seconds","parallelism":4,
                 "failureStrategy":"STOP"}})");
    QTest::newRow("minus to zero")
        << -1 << 0 << 6 << QByteArray(R"({"type":"SCALE","appId":"TEST_APP-1",
                 "requiredInstances":0,"opSpec":{"timeout":"90 seconds","parallelism":4,
                 "failureStrategy":"STOP"}})");
}

void TestOperationDialogs::scale()
{
    QFETCH(int, typed);
    QFETCH(int, plusClicks);
    QFETCH(int, minusClicks);
    QFETCH(QByteArray, expected);

    ui::ScaleDialog dialog(context(), kApp, 5, 5);
    dialog.show();
    QCOMPARE(child<QSpinBox>(&dialog, "requiredInstancesSpinBox")->value(), 5);
    QVERIFY(child<QLabel>(&dialog, "currentInstancesLabel")->text().contains(QLatin1String("5")));
    setOpSpec(&dialog, 90, QStringLiteral("seconds"), 4);
    if (typed >= 0)
        typeInto(child<QSpinBox>(&dialog, "requiredInstancesSpinBox"), typed);
    for (int i = 0; i < plusClicks; ++i)
        QTest::mouseClick(child<QToolButton>(&dialog, "plusButton"), Qt::LeftButton);
    for (int i = 0; i < minusClicks; ++i)
        QTest::mouseClick(child<QToolButton>(&dialog, "minusButton"), Qt::LeftButton);
    maybeScreenshot(&dialog,
                    QStringLiteral("scale-%1").arg(QString::fromLatin1(QTest::currentDataTag())));
    QVERIFY(acceptsWith(&dialog, parse(expected.constData())));
}

void TestOperationDialogs::startInstances()
{
    ui::StartInstancesDialog dialog(context(), kApp, 2);
    dialog.show();
    typeInto(child<QSpinBox>(&dialog, "instancesSpinBox"), 3);
    setOpSpec(&dialog, 5, QStringLiteral("minutes"), 32);
    QVERIFY(acceptsWith(&dialog, parse(R"({"type":"START_INSTANCES","appId":"TEST_APP-1",
        "instances":3,"opSpec":{"timeout":"5 minutes","parallelism":32,"failureStrategy":"STOP"}})")));
}

void TestOperationDialogs::suspendOnLocalNeedsNoConfirmation()
{
    ui::SuspendDialog dialog(context(Criticality::Local), kApp, 3);
    dialog.show();
    QVERIFY(!child<QWidget>(&dialog, "confirmationBox")->isVisible());
    QVERIFY(acceptsWith(&dialog, parse(R"({"type":"SUSPEND","appId":"TEST_APP-1",
        "opSpec":{"timeout":"5 minutes","parallelism":1,"failureStrategy":"STOP"}})")));
}

void TestOperationDialogs::suspendOnProductionNeedsTypedAppId()
{
    ui::SuspendDialog dialog(context(Criticality::Production), kApp, 3);
    dialog.show();
    auto *confirm = child<QLineEdit>(&dialog, "confirmIdLineEdit");
    QVERIFY(confirm->isVisible());
    QVERIFY(!okButton(&dialog)->isEnabled());
    QTest::keyClicks(confirm, QStringLiteral("TEST_APP-2"));
    QVERIFY(!okButton(&dialog)->isEnabled());
    // A click on the disabled button must not accept either.
    QTest::mouseClick(okButton(&dialog), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    confirm->clear();
    QTest::keyClicks(confirm, kApp);
    QVERIFY(okButton(&dialog)->isEnabled());
    maybeScreenshot(&dialog, QStringLiteral("suspend-production"));
    QVERIFY(acceptsWith(&dialog, parse(R"({"type":"SUSPEND","appId":"TEST_APP-1",
        "opSpec":{"timeout":"5 minutes","parallelism":1,"failureStrategy":"STOP"}})")));
}

void TestOperationDialogs::restart_data()
{
    QTest::addColumn<QStringList>("selected");
    QTest::addColumn<bool>("chooseAll");
    QTest::addColumn<bool>("stopFirst");
    QTest::addColumn<QByteArray>("expected");
    const QStringList two {QStringLiteral("AI-1"), QStringLiteral("AI-2")};
    QTest::newRow("all, no selection")
        << QStringList() << true << false
        << QByteArray(R"({"type":"REPLACE_INSTANCES","appId":"TEST_APP-1","instanceIds":[],
                 "opSpec":{"timeout":"1 minute","parallelism":20,"failureStrategy":"STOP"}})");
    QTest::newRow("all despite selection")
        << two << true << false
        << QByteArray(R"({"type":"REPLACE_INSTANCES","appId":"TEST_APP-1","instanceIds":[],
                 "opSpec":{"timeout":"1 minute","parallelism":20,"failureStrategy":"STOP"}})");
    QTest::newRow("selected, stop first")
        << two << false << true << QByteArray(R"({"type":"REPLACE_INSTANCES","appId":"TEST_APP-1",
                 "instanceIds":["AI-1","AI-2"],"stopFirst":true,
                 "opSpec":{"timeout":"1 minute","parallelism":20,"failureStrategy":"STOP"}})");
}

void TestOperationDialogs::restart()
{
    QFETCH(QStringList, selected);
    QFETCH(bool, chooseAll);
    QFETCH(bool, stopFirst);
    QFETCH(QByteArray, expected);

    ui::RestartDialog dialog(context(), kApp, selected, 4);
    dialog.show();
    auto *selectedRadio = child<QRadioButton>(&dialog, "replaceSelectedRadio");
    QCOMPARE(selectedRadio->isEnabled(), !selected.isEmpty());
    // With a selection, the selected instances are the default choice.
    QCOMPARE(selectedRadio->isChecked(), !selected.isEmpty());
    if (chooseAll)
        clickToggle(child<QRadioButton>(&dialog, "replaceAllRadio"));
    auto *explanation = child<QLabel>(&dialog, "stopFirstExplanation");
    const QString before = explanation->text();
    if (stopFirst) {
        clickToggle(child<QCheckBox>(&dialog, "stopFirstCheckBox"));
        QVERIFY(explanation->text() != before);
        QVERIFY(explanation->text().contains(QLatin1String("stopped before")));
    }
    setOpSpec(&dialog, 1, QStringLiteral("minutes"), 20);
    maybeScreenshot(&dialog, QStringLiteral("restart"));
    QVERIFY(acceptsWith(&dialog, parse(expected.constData())));
}

void TestOperationDialogs::stopInstances_data()
{
    QTest::addColumn<bool>("skipRespawn");
    QTest::addColumn<QByteArray>("expected");
    QTest::addColumn<QString>("explains");
    QTest::newRow("skip respawn") << true
                                  << QByteArray(R"({"type":"STOP_INSTANCES","appId":"TEST_APP-1",
                 "instanceIds":["AI-601d160e-c692-4ddd-8b7f-4c09b30ed02e","AI-2"],
                 "skipRespawn":true,
                 "opSpec":{"timeout":"5 minutes","parallelism":1,"failureStrategy":"STOP"}})")
                                  << "from 4 to 2 required";
    QTest::newRow("with respawn") << false
                                  << QByteArray(R"({"type":"STOP_INSTANCES","appId":"TEST_APP-1",
                 "instanceIds":["AI-601d160e-c692-4ddd-8b7f-4c09b30ed02e","AI-2"],
                 "skipRespawn":false,
                 "opSpec":{"timeout":"5 minutes","parallelism":1,"failureStrategy":"STOP"}})")
                                  << "replacement(s) are started first";
}

void TestOperationDialogs::stopInstances()
{
    QFETCH(bool, skipRespawn);
    QFETCH(QByteArray, expected);
    QFETCH(QString, explains);

    const QStringList ids {QStringLiteral("AI-601d160e-c692-4ddd-8b7f-4c09b30ed02e"),
                           QStringLiteral("AI-2")};
    ui::StopInstancesDialog dialog(context(), kApp, ids, 4);
    dialog.show();
    auto *checkBox = child<QCheckBox>(&dialog, "skipRespawnCheckBox");
    QVERIFY(checkBox->text().contains(QLatin1String("skipRespawn")));
    QVERIFY(!checkBox->isChecked());
    QCOMPARE(child<QListWidget>(&dialog, "instanceList")->count(), 2);
    if (skipRespawn)
        clickToggle(checkBox);
    QVERIFY2(child<QLabel>(&dialog, "skipRespawnExplanation")->text().contains(explains),
             qPrintable(child<QLabel>(&dialog, "skipRespawnExplanation")->text()));
    // The CLI can only kill without respawn.
    QCOMPARE(child<QPushButton>(&dialog, "copyCliButton")->isEnabled(), skipRespawn);
    maybeScreenshot(&dialog, QStringLiteral("stop-%1").arg(skipRespawn));
    QVERIFY(acceptsWith(&dialog, parse(expected.constData())));
}

void TestOperationDialogs::stopWithoutInstancesKeepsOkDisabled()
{
    ui::StopInstancesDialog dialog(context(), kApp, {}, 4);
    dialog.show();
    QVERIFY(!okButton(&dialog)->isEnabled());
    auto *errors = child<QLabel>(&dialog, "validationErrorLabel");
    QVERIFY(errors->isVisible());
    QVERIFY2(errors->text().contains(QLatin1String("instanceIds")), qPrintable(errors->text()));
}

void TestOperationDialogs::destroy_data()
{
    QTest::addColumn<Criticality>("criticality");
    QTest::addColumn<bool>("needsAcknowledge");
    QTest::newRow("local: type the id") << Criticality::Local << false;
    QTest::newRow("production: type the id and acknowledge") << Criticality::Production << true;
}

void TestOperationDialogs::destroy()
{
    QFETCH(Criticality, criticality);
    QFETCH(bool, needsAcknowledge);

    ui::DestroyDialog dialog(context(criticality), kApp);
    dialog.show();
    QVERIFY(!child<QWidget>(&dialog, "opSpecEditor")->isVisible());
    auto *confirm = child<QLineEdit>(&dialog, "confirmIdLineEdit");
    auto *acknowledge = child<QCheckBox>(&dialog, "confirmCheckBox");
    QVERIFY(confirm->isVisible());
    QCOMPARE(acknowledge->isVisible(), needsAcknowledge);
    QVERIFY(!okButton(&dialog)->isEnabled());
    QTest::keyClicks(confirm, kApp);
    QCOMPARE(okButton(&dialog)->isEnabled(), !needsAcknowledge);
    if (needsAcknowledge) {
        QVERIFY(acknowledge->text().contains(QLatin1String("PRODUCTION")));
        clickToggle(acknowledge);
    }
    maybeScreenshot(&dialog, QStringLiteral("destroy-%1").arg(int(criticality)));
    QVERIFY(acceptsWith(&dialog, parse(R"({"type":"DESTROY","appId":"TEST_APP-1",
        "opSpec":{"timeout":"5 minutes","parallelism":1,"failureStrategy":"STOP"}})")));
}

void TestOperationDialogs::createFromFileWaitsForController()
{
    std::function<void(const ui::SpecCheckResult &)> pending;
    protocol::ApplicationSpec asked;
    int calls = 0;
    ui::CreateApplicationDialog dialog(context(),
                                       [&](const protocol::ApplicationSpec &spec, auto done) {
                                           ++calls;
                                           asked = spec;
                                           pending = std::move(done);
                                       });
    dialog.show();
    QVERIFY(!okButton(&dialog)->isEnabled());
    QVERIFY(dialog.loadSpecFile(testAppSpecPath()));
    QCOMPARE(child<QLabel>(&dialog, "appIdLabel")->text(), kApp);
    QVERIFY2(dialog.listedProblems().isEmpty(), qPrintable(dialog.listedProblems().join(u'\n')));
    typeInto(child<QSpinBox>(&dialog, "initialInstancesSpinBox"), 2);
    // Local checks pass; the controller is asked after a short pause and OK waits for it.
    QVERIFY(!okButton(&dialog)->isEnabled());
    QTRY_COMPARE(calls, 1);
    QCOMPARE(asked.appId(), kApp);
    QVERIFY(!okButton(&dialog)->isEnabled());
    pending(ui::SpecCheckResult {true, {}, {}});
    QVERIFY(okButton(&dialog)->isEnabled());

    const auto spec = protocol::ApplicationSpec::fromJson(
        QJsonDocument::fromJson(testAppSpecText().toUtf8()).object());
    QVERIFY(spec);
    QJsonObject expected;
    expected.insert(QStringLiteral("type"), QStringLiteral("CREATE"));
    expected.insert(QStringLiteral("spec"), spec->toJson());
    expected.insert(QStringLiteral("instances"), 2);
    expected.insert(QStringLiteral("opSpec"), parse(R"({"timeout":"5 minutes","parallelism":1,
        "failureStrategy":"STOP"})"));
    QVERIFY(dialog.cliCommand().command.startsWith(QStringLiteral("drove -c local apps create ")
                                                   + testAppSpecPath()));
    maybeScreenshot(&dialog, QStringLiteral("create"));
    QVERIFY(acceptsWith(&dialog, expected));
}

void TestOperationDialogs::createShowsLocalProblemsAtTheirLine_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("problem");
    QTest::newRow("empty") << ""
                           << "Paste an application spec";
    QTest::newRow("syntax error on line 3") << "{\n  \"name\": \"A\",\n  \"version\" \"1\"\n}"
                                            << "Line 3: Not valid JSON";
    QTest::newRow("not an object") << "[1, 2]"
                                   << "Line 1: The spec must be a JSON object";
    QTest::newRow("bad duration") << "{\n\"name\":\"A\",\n\"version\":\"1\",\n\"executable\": "
                                     "{\"url\":\"x\",\n \"dockerPullTimeout\": \"5 parsecs\"}}"
                                  << "Line 5:";
}

void TestOperationDialogs::createShowsLocalProblemsAtTheirLine()
{
    QFETCH(QString, text);
    QFETCH(QString, problem);
    ui::CreateApplicationDialog dialog(context());
    dialog.show();
    dialog.setSpecText(text);
    QVERIFY(!okButton(&dialog)->isEnabled());
    const QStringList problems = dialog.listedProblems();
    QVERIFY(!problems.isEmpty());
    QVERIFY2(problems.first().startsWith(problem), qPrintable(problems.join(u'\n')));
}

void TestOperationDialogs::createShowsControllerRejection()
{
    // The spec without a name: the local rules point at the "name" line.
    QString text = testAppSpecText();
    text.replace(QStringLiteral("\"name\": \"TEST_APP\""), QStringLiteral("\"name\": \"\""));
    ui::CreateApplicationDialog local(context());
    local.setSpecText(text);
    QVERIFY2(local.listedProblems().join(u'\n').contains(QLatin1String("Line 2: spec.name")),
             qPrintable(local.listedProblems().join(u'\n')));

    // A controller-only rule (its allowedMountDirs, say) comes back from the remote check.
    ui::CreateApplicationDialog dialog(context(), [](const protocol::ApplicationSpec &, auto done) {
        done(ui::SpecCheckResult {false,
                                  {QStringLiteral("Invalid port name for health check: admin. "
                                                  "Available ports: [main]")},
                                  {}});
    });
    dialog.show();
    dialog.setSpecText(testAppSpecText());
    QTest::mouseClick(child<QPushButton>(&dialog, "checkSpecButton"), Qt::LeftButton);
    const QStringList problems = dialog.listedProblems();
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems.first().contains(QLatin1String("Controller: Invalid port name")),
             qPrintable(problems.first()));
    // Points at the health check's port name in the pasted text.
    const int line = int(testAppSpecText()
                             .left(testAppSpecText().indexOf(QLatin1String("\"healthcheck\"")))
                             .count(u'\n'))
        + 1;
    QVERIFY2(problems.first().startsWith(QStringLiteral("Line %1").arg(line + 4 - 1).left(5)),
             qPrintable(problems.first()));
    QVERIFY(!okButton(&dialog)->isEnabled());
}

void TestOperationDialogs::createIgnoresStaleControllerAnswers()
{
    std::function<void(const ui::SpecCheckResult &)> first;
    ui::CreateApplicationDialog dialog(context(),
                                       [&](const protocol::ApplicationSpec &, auto done) {
                                           if (!first)
                                               first = std::move(done);
                                       });
    dialog.setSpecText(testAppSpecText());
    QTest::mouseClick(child<QPushButton>(&dialog, "checkSpecButton"), Qt::LeftButton);
    QVERIFY(first);
    // The text changes while the controller is thinking: its "valid" is about the old text.
    dialog.setSpecText(testAppSpecText() + QStringLiteral(" "));
    first(ui::SpecCheckResult {true, {}, {}});
    QVERIFY(!okButton(&dialog)->isEnabled());
}

void TestOperationDialogs::createWithoutControllerValidation()
{
    const QString why = QStringLiteral("This controller does not offer spec validation.");
    std::function<void(const ui::SpecCheckResult &)> pending;
    int calls = 0;
    ui::CreateApplicationDialog dialog(context(),
                                       [&](const protocol::ApplicationSpec &, auto done) {
                                           ++calls;
                                           pending = std::move(done);
                                       });
    dialog.show();
    dialog.setSpecText(testAppSpecText());
    QTest::mouseClick(child<QPushButton>(&dialog, "checkSpecButton"), Qt::LeftButton);
    QCOMPARE(calls, 1);
    QVERIFY(!okButton(&dialog)->isEnabled());

    // The route turns out missing while the controller is being asked (the capability gate
    // says so before the failed answer arrives): Create goes on the local checks alone.
    dialog.setRemoteCheckUnavailable(why);
    pending(ui::SpecCheckResult {false, {}, QStringLiteral("HTTP 404")});
    auto *check = child<QPushButton>(&dialog, "checkSpecButton");
    QVERIFY(!check->isEnabled());
    QCOMPARE(check->toolTip(), why);
    QVERIFY2(child<QLabel>(&dialog, "remoteStatusLabel")
                 ->text()
                 .contains(QLatin1String("does not validate specs")),
             qPrintable(child<QLabel>(&dialog, "remoteStatusLabel")->text()));
    QVERIFY(dialog.listedProblems().isEmpty());
    QVERIFY(okButton(&dialog)->isEnabled());

    // Edited: still not asked, local problems still gate.
    dialog.setSpecText(
        testAppSpecText().replace(QLatin1String("\"name\""), QLatin1String("\"nome\"")));
    QVERIFY(!okButton(&dialog)->isEnabled());
    dialog.setSpecText(testAppSpecText());
    QVERIFY(okButton(&dialog)->isEnabled());
    QTest::mouseClick(check, Qt::LeftButton);
    QCOMPARE(calls, 1);

    // Offered again (another leader): the controller is asked again and OK waits for it.
    dialog.setRemoteCheckUnavailable(QString());
    QVERIFY(!okButton(&dialog)->isEnabled());
    QVERIFY(check->toolTip().isEmpty());
    QTRY_COMPARE(calls, 2);
    pending(ui::SpecCheckResult {true, {}, {}});
    QVERIFY(okButton(&dialog)->isEnabled());
}

void TestOperationDialogs::opSpecDefaultsAreRememberedPerCluster()
{
    auto ctx = context();
    ctx.settingsGroup = QStringLiteral("clusters/abc");
    {
        ui::ScaleDialog dialog(ctx, kApp, 1, 1);
        setOpSpec(&dialog, 2, QStringLiteral("hours"), 8);
        QTest::mouseClick(child<QPushButton>(&dialog, "makeDefaultButton"), Qt::LeftButton);
    }
    ui::StartInstancesDialog same(ctx, kApp, 1);
    QCOMPARE(same.operation().opSpec->parallelism, 8);
    QCOMPARE(same.operation().opSpec->timeout->toString(), QStringLiteral("2 hours"));

    auto other = context();
    other.settingsGroup = QStringLiteral("clusters/other");
    ui::StartInstancesDialog otherDialog(other, kApp, 1);
    QCOMPARE(otherDialog.operation().opSpec->parallelism, 1);
    QCOMPARE(otherDialog.operation().opSpec->timeout->toString(), QStringLiteral("5 minutes"));
}

void TestOperationDialogs::copyButtonsPutExactCommandsOnClipboard()
{
    ui::ScaleDialog dialog(context(), kApp, 1, 1);
    dialog.show();
    typeInto(child<QSpinBox>(&dialog, "requiredInstancesSpinBox"), 2);
    setOpSpec(&dialog, 1, QStringLiteral("minutes"), 20);
    QTest::mouseClick(child<QPushButton>(&dialog, "copyCliButton"), Qt::LeftButton);
    QCOMPARE(
        QGuiApplication::clipboard()->text(),
        QStringLiteral("drove -c local apps scale TEST_APP-1 2 --parallelism 20 --timeout 1m"));
    QTest::mouseClick(child<QPushButton>(&dialog, "copyCurlButton"), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(),
             QStringLiteral(
                 "curl --location 'http://127.0.0.1:10000/apis/v1/applications/operations' \\\n"
                 "--header 'Content-Type: application/json' \\\n"
                 "--data '{\"appId\":\"TEST_APP-1\",\"opSpec\":{\"failureStrategy\":\"STOP\","
                 "\"parallelism\":20,\"timeout\":\"1 minute\"},\"requiredInstances\":2,"
                 "\"type\":\"SCALE\"}'"));
}

void TestOperationDialogs::capacityWarningNeedsSendAnyway()
{
    auto ctx = context();
    QList<int> parallelismSeen;
    ctx.capacityCheck = [&](const protocol::ApplicationOperation &op) {
        parallelismSeen << int(op.opSpec->parallelism);
        return op.opSpec->parallelism > 2 ? QStringList {QStringLiteral("would get stuck")}
                                          : QStringList();
    };
    ui::RestartDialog dialog(ctx, kApp, {}, 4);
    dialog.show();
    auto *warning = child<QLabel>(&dialog, "capacityWarningLabel");
    QVERIFY(!warning->isVisible());
    typeInto(child<QSpinBox>(&dialog, "parallelismSpinBox"), 3);
    QVERIFY(warning->isVisible());
    QCOMPARE(warning->text(), QStringLiteral("would get stuck"));
    // Sending is still possible, but only past an explicit "send anyway".
    auto *sendAnyway = child<QCheckBox>(&dialog, "capacityAcknowledgeCheckBox");
    QVERIFY(sendAnyway->isVisible());
    QVERIFY(!okButton(&dialog)->isEnabled());
    sendAnyway->setChecked(true);
    QVERIFY(okButton(&dialog)->isEnabled());
    QVERIFY(parallelismSeen.contains(3));
    // Back to a parallelism that fits: no warning, nothing to tick.
    sendAnyway->setChecked(false);
    typeInto(child<QSpinBox>(&dialog, "parallelismSpinBox"), 2);
    QVERIFY(!warning->isVisible());
    QVERIFY(!sendAnyway->isVisible());
    QVERIFY(okButton(&dialog)->isEnabled());
    maybeScreenshot(&dialog, QStringLiteral("restart-capacity"));
}

namespace {

/// executor-N: ACTIVE, 2 NUMA nodes of 8 cores and 16 GB, `usedPerNode` cores taken on each.
placement::Executor placementExecutor(int n, int usedPerNode = 0)
{
    const QList<placement::NumaNodeConfig> layout = placement::uniformLayout(2, 8, 16384);
    placement::Executor executor;
    executor.hostname = QStringLiteral("executor-%1").arg(n);
    executor.id = QStringLiteral("E%1").arg(n);
    executor.tags = {executor.hostname};
    executor.resources = placement::ExecutorResources(layout);
    for (int node = 0; node < 2; ++node)
        executor.resources.claim({node, executor.resources.freeCores(node).mid(0, usedPerNode), 0});
    return executor;
}

} // namespace

void TestOperationDialogs::placementReasonInScaleDialog_data()
{
    QTest::addColumn<protocol::PlacementPolicy>("policy");
    QTest::addColumn<int>("coresPerInstance");
    QTest::addColumn<int>("usedPerNode");
    QTest::addColumn<bool>("blacklistThird");
    QTest::addColumn<int>("scaleTo");
    QTest::addColumn<QString>("reason");
    using protocol::PlacementPolicy;
    using protocol::PlacementPolicyType;
    QTest::newRow("ONE_PER_HOST") << PlacementPolicy::ofType(PlacementPolicyType::OnePerHost) << 1
                                  << 0 << false << 12
                                  << QStringLiteral("3 of 11 can be placed now: ONE_PER_HOST "
                                                    "allows one instance per executor and 3 "
                                                    "executor(s) are ACTIVE");
    QTest::newRow("MAX_N_PER_HOST") << PlacementPolicy::maxNPerHost(2) << 1 << 0 << false << 8
                                    << QStringLiteral("MAX_N_PER_HOST allows 2 instances per "
                                                      "executor");
    QTest::newRow("NUMA") << PlacementPolicy::any() << 4 << 6 << false << 2
                          << QStringLiteral("no NUMA node has 4 free core(s) (largest: 2 on "
                                            "executor-");
    QTest::newRow("blacklisted") << PlacementPolicy::ofType(PlacementPolicyType::OnePerHost) << 1
                                 << 0 << true << 4 << QStringLiteral("executor-3 is blacklisted");
    QTest::newRow("tag") << PlacementPolicy::matchTag(QStringLiteral("gpu")) << 1 << 0 << false << 2
                         << QStringLiteral("do not carry the tag gpu");
}

void TestOperationDialogs::placementReasonInScaleDialog()
{
    QFETCH(protocol::PlacementPolicy, policy);
    QFETCH(int, coresPerInstance);
    QFETCH(int, usedPerNode);
    QFETCH(bool, blacklistThird);
    QFETCH(int, scaleTo);
    QFETCH(QString, reason);
    QList<placement::Executor> executors {placementExecutor(1, usedPerNode),
                                          placementExecutor(2, usedPerNode),
                                          placementExecutor(3, usedPerNode)};
    if (blacklistThird)
        executors[2].state = protocol::ExecutorState::Blacklisted;
    models::AppFootprint app;
    app.coresPerInstance = coresPerInstance;
    app.memoryMbPerInstance = 512;
    app.healthyInstances = 1;
    app.activeInstances = 1;
    app.policy = policy;
    auto ctx = context();
    // The session binds exactly this: the app's footprint and the executors as placement sees
    // them.
    ctx.capacityCheck = [&](const protocol::ApplicationOperation &op) {
        return models::CapacityCheck::warnings(op, app, executors);
    };
    ui::ScaleDialog dialog(ctx, kApp, 1, 1);
    dialog.show();
    typeInto(child<QSpinBox>(&dialog, "requiredInstancesSpinBox"), scaleTo);
    auto *warning = child<QLabel>(&dialog, "capacityWarningLabel");
    QVERIFY(warning->isVisible());
    QVERIFY2(warning->text().contains(reason), qPrintable(warning->text()));
    QVERIFY(child<QCheckBox>(&dialog, "capacityAcknowledgeCheckBox")->isVisible());
    QVERIFY(!okButton(&dialog)->isEnabled());
}

void TestOperationDialogs::cancelDialog()
{
    ui::CancelOperationDialog dialog(context(), QStringLiteral("TEST_APP-3"),
                                     protocol::OperationType::ScaleInstances);
    dialog.show();
    QVERIFY(child<QLabel>(&dialog, "descriptionLabel")->text().contains(QLatin1String("SCALE")));
    QVERIFY(child<QLabel>(&dialog, "noteLabel")->text().contains(QLatin1String("in flight")));
    QCOMPARE(dialog.cliCommand().command,
             QStringLiteral("drove -c local apps cancelop TEST_APP-3"));
    QTest::mouseClick(child<QPushButton>(&dialog, "copyCurlButton"), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(),
             QStringLiteral(
                 "curl --location --request POST "
                 "'http://127.0.0.1:10000/apis/v1/applications/operations/TEST_APP-3/cancel'"));
    QTest::mouseClick(okButton(&dialog), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(
        ui::CancelOperationDialog::cancellationRequestedText(),
        QStringLiteral("cancellation requested — takes effect after the jobs in flight finish"));
}

void TestOperationDialogs::cancelOnProductionIsTickedFirst()
{
    ui::CancelOperationDialog dialog(context(Criticality::Production), QStringLiteral("TEST_APP-3"),
                                     protocol::OperationType::ScaleInstances);
    dialog.show();
    auto *tick = child<QCheckBox>(&dialog, "confirmCheckBox");
    QVERIFY(!okButton(&dialog)->isEnabled());
    tick->setChecked(true);
    QVERIFY(okButton(&dialog)->isEnabled());
    // Not asked elsewhere: a local cluster's cancel has no tick.
    ui::CancelOperationDialog local(context(), QStringLiteral("TEST_APP-3"),
                                    protocol::OperationType::ScaleInstances);
    QVERIFY(!local.findChild<QCheckBox *>(QStringLiteral("confirmCheckBox")));
    QVERIFY(okButton(&local)->isEnabled());
}

void TestOperationDialogs::guardDialogAsksWhatThePolicySays_data()
{
    QTest::addColumn<ui::ClusterAction>("action");
    QTest::addColumn<Criticality>("criticality");
    QTest::addColumn<bool>("tick");
    QTest::addColumn<bool>("type");
    QTest::newRow("blacklist on production: type the host")
        << ui::ClusterAction::Blacklist << Criticality::Production << false << true;
    QTest::newRow("blacklist on integration: tick")
        << ui::ClusterAction::Blacklist << Criticality::Integration << true << false;
    QTest::newRow("maintenance on production: type the name")
        << ui::ClusterAction::MaintenanceOn << Criticality::Production << false << true;
    QTest::newRow("unblacklist on development: tick")
        << ui::ClusterAction::Unblacklist << Criticality::Development << true << false;
}

void TestOperationDialogs::guardDialogAsksWhatThePolicySays()
{
    QFETCH(ui::ClusterAction, action);
    QFETCH(Criticality, criticality);
    QFETCH(bool, tick);
    QFETCH(bool, type);
    ui::GuardDialog dialog(QStringLiteral("Blacklist"), QStringLiteral("What will happen"),
                           ui::requiredConfirmation(action, criticality),
                           QStringLiteral("executor-2.example"), criticality,
                           QStringLiteral("prod-blr"));
    dialog.show();
    auto *checkBox = child<QCheckBox>(&dialog, "confirmCheckBox");
    auto *name = child<QLineEdit>(&dialog, "confirmNameLineEdit");
    QCOMPARE(checkBox->isVisible(), tick);
    QCOMPARE(name->isVisible(), type);
    QVERIFY(child<QLabel>(&dialog, "guardHeaderLabel")->text().contains(QLatin1String("prod-blr")));
    QVERIFY(!okButton(&dialog)->isEnabled()); // never one click
    // Enter must not confirm: Cancel is the default button.
    QTest::keyClick(&dialog, Qt::Key_Return);
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    dialog.show();
    if (type) {
        QTest::keyClicks(name, QStringLiteral("executor-2"));
        QVERIFY(!okButton(&dialog)->isEnabled()); // a prefix is not the name
        QTest::keyClicks(name, QStringLiteral(".example"));
    }
    if (tick)
        checkBox->setChecked(true);
    QVERIFY(okButton(&dialog)->isEnabled());
    QTest::mouseClick(okButton(&dialog), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
}

void TestOperationDialogs::guardWithoutConfirmationGoesAtOnce()
{
    int went = 0;
    ui::GuardDialog::ask(nullptr, QStringLiteral("Unblacklist"), QString(), ui::Confirmation::None,
                         QString(), Criticality::Local, QStringLiteral("local"),
                         [&went] { ++went; });
    QCOMPARE(went, 1);
    QWidget parent;
    parent.show();
    ui::GuardDialog::ask(&parent, QStringLiteral("Blacklist"), QString(),
                         ui::Confirmation::Acknowledge, QString(), Criticality::Local,
                         QStringLiteral("local"), [&went] { ++went; });
    QCOMPARE(went, 1); // asked first
    auto *dialog = parent.findChild<ui::GuardDialog *>(QStringLiteral("guardDialog"));
    QVERIFY(dialog);
    child<QCheckBox>(dialog, "confirmCheckBox")->setChecked(true);
    QTest::mouseClick(okButton(dialog), Qt::LeftButton);
    QCOMPARE(went, 1 + 1);
}

void TestOperationDialogs::escapeClosesDialog()
{
    ui::ScaleDialog dialog(context(), kApp, 1, 1);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTest::keyClick(&dialog, Qt::Key_Escape);
    QVERIFY(!dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
}

QTEST_MAIN(TestOperationDialogs)
#include "tst_operationdialogs.moc"
