#include "ui/opspeceditor.h"

#include "ui_opspeceditor.h"

#include <QComboBox>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>

namespace drove::ui {

using protocol::ClusterOpSpec;
using protocol::Duration;
using protocol::FailureStrategy;

namespace {

// The units an operator picks from; finer or coarser units make no sense for an operation deadline.
constexpr Duration::Unit kUnits[]
    = {Duration::Unit::Seconds, Duration::Unit::Minutes, Duration::Unit::Hours};

QString timeoutKey(const QString &group)
{
    return group + QStringLiteral("/opSpec/timeout");
}

QString parallelismKey(const QString &group)
{
    return group + QStringLiteral("/opSpec/parallelism");
}

} // namespace

OpSpecEditor::OpSpecEditor(QWidget *parent)
    : QGroupBox(parent)
    , m_ui(std::make_unique<::Ui::OpSpecEditor>())
{
    m_ui->setupUi(this);
    for (const auto unit : kUnits)
        m_ui->timeoutUnitCombo->addItem(Duration::unitName(unit, true), static_cast<int>(unit));
    m_ui->failureStrategyCombo->addItem(QStringLiteral("STOP"));
    m_ui->makeDefaultButton->setEnabled(false);

    setOpSpec(cliDefaults());

    connect(m_ui->timeoutSpinBox, &QSpinBox::valueChanged, this, &OpSpecEditor::opSpecChanged);
    connect(m_ui->timeoutUnitCombo, &QComboBox::currentIndexChanged, this,
            &OpSpecEditor::opSpecChanged);
    connect(m_ui->parallelismSpinBox, &QSpinBox::valueChanged, this, &OpSpecEditor::opSpecChanged);
    connect(m_ui->failureStrategyCombo, &QComboBox::currentIndexChanged, this,
            &OpSpecEditor::opSpecChanged);
    connect(m_ui->makeDefaultButton, &QPushButton::clicked, this, &OpSpecEditor::makeDefault);
}

OpSpecEditor::~OpSpecEditor() = default;

ClusterOpSpec OpSpecEditor::opSpec() const
{
    const auto unit = static_cast<Duration::Unit>(m_ui->timeoutUnitCombo->currentData().toInt());
    return ClusterOpSpec::make(Duration(m_ui->timeoutSpinBox->value(), unit),
                               m_ui->parallelismSpinBox->value(), FailureStrategy::Stop);
}

void OpSpecEditor::setOpSpec(const ClusterOpSpec &spec)
{
    if (spec.timeout) {
        Duration shown = *spec.timeout;
        const bool offered
            = std::find(std::begin(kUnits), std::end(kUnits), shown.unit()) != std::end(kUnits);
        if (!offered) {
            // Days become hours; sub-second units round up to whole seconds.
            const qint64 ms = shown.toMilliseconds();
            shown = Duration::fromMilliseconds(ms);
            if (shown.unit() == Duration::Unit::Days)
                shown = Duration::hours(shown.count() * 24);
            else if (shown.unit() == Duration::Unit::Milliseconds)
                shown = Duration::seconds(std::max<qint64>(1, (ms + 999) / 1000));
        }
        m_ui->timeoutSpinBox->setValue(
            static_cast<int>(std::min<qint64>(shown.count(), m_ui->timeoutSpinBox->maximum())));
        m_ui->timeoutUnitCombo->setCurrentIndex(
            m_ui->timeoutUnitCombo->findData(static_cast<int>(shown.unit())));
    }
    if (spec.parallelism > 0)
        m_ui->parallelismSpinBox->setValue(static_cast<int>(
            std::min<qint64>(spec.parallelism, m_ui->parallelismSpinBox->maximum())));
}

void OpSpecEditor::setSettingsGroup(const QString &group)
{
    m_settingsGroup = group;
    m_ui->makeDefaultButton->setEnabled(!group.isEmpty());
}

void OpSpecEditor::loadDefaults()
{
    if (m_settingsGroup.isEmpty()) {
        setOpSpec(cliDefaults());
        return;
    }
    QSettings settings;
    setOpSpec(storedDefaults(settings, m_settingsGroup));
}

ClusterOpSpec OpSpecEditor::storedDefaults(QSettings &settings, const QString &group)
{
    ClusterOpSpec spec = cliDefaults();
    if (const auto timeout = Duration::parse(settings.value(timeoutKey(group)).toString()))
        spec.timeout = *timeout;
    bool ok = false;
    const int parallelism = settings.value(parallelismKey(group)).toInt(&ok);
    if (ok && parallelism >= 1 && parallelism <= 32)
        spec.parallelism = parallelism;
    return spec;
}

void OpSpecEditor::storeDefaults(QSettings &settings, const QString &group,
                                 const ClusterOpSpec &spec)
{
    if (spec.timeout)
        settings.setValue(timeoutKey(group), spec.timeout->toString());
    settings.setValue(parallelismKey(group), spec.parallelism);
}

ClusterOpSpec OpSpecEditor::cliDefaults()
{
    return ClusterOpSpec::make(Duration::minutes(5), 1, FailureStrategy::Stop);
}

void OpSpecEditor::makeDefault()
{
    if (m_settingsGroup.isEmpty())
        return;
    QSettings settings;
    storeDefaults(settings, m_settingsGroup, opSpec());
    emit defaultsSaved();
}

} // namespace drove::ui
