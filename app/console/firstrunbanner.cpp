#include "firstrunbanner.h"

#include "ui/appearance.h"

#include <QApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace drove::console {

FirstRunBanner::FirstRunBanner(Start start, QWidget *parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("firstRunBanner"));
    setFrameShape(QFrame::StyledPanel);
    updateColors();

    auto *text = new QLabel(this);
    text->setObjectName(QStringLiteral("firstRunText"));
    text->setWordWrap(true);
    text->setTextFormat(Qt::RichText);
    // Said as it is: seeded now, new and empty, or kept from an earlier run (whatever it holds).
    const QString what = start == Start::Seeded
        ? tr("It was seeded with sample applications: one running, one idle in MONITORING and one "
             "still scaling up.")
        : start == Start::Empty
        ? tr("It starts empty: create an application with Ctrl+N.")
        : tr("It keeps its applications and operations from one run to the next.");
    text->setText(
        tr("<b>This is the embedded Drove cluster</b> — a Drove controller running inside the "
           "console on simulated executors. Nothing here touches a real cluster, so it is the "
           "place to try operations safely, rehearse a rollout and learn how Drove behaves. %1 "
           "To work on a real cluster, use <b>Cluster ▸ Connect…</b> (add a profile, or import "
           "the official CLI's <tt>~/.drove</tt>), or start <tt>drove-console --endpoint "
           "URL</tt>.")
            .arg(what));

    auto *close = new QToolButton(this);
    close->setObjectName(QStringLiteral("firstRunDismissButton"));
    close->setText(tr("Got it"));
    close->setToolTip(tr("Hide this banner for good"));
    connect(close, &QToolButton::clicked, this, [this] {
        hide();
        emit dismissed();
    });

    // A word-wrapped label inside a tool bar otherwise asks for far more height than its text.
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    setMaximumHeight(fontMetrics().lineSpacing() * 5);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    layout->addWidget(text, 1);
    layout->addWidget(close, 0, Qt::AlignTop);
}

void FirstRunBanner::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && !m_updatingColors)
        updateColors();
}

void FirstRunBanner::updateColors()
{
    // A pale blue note on a light window, a deep blue one on a dark window (View ▸ Appearance).
    m_updatingColors = true;
    const bool dark = ui::Appearance::isDark(QApplication::palette());
    setStyleSheet(
        dark ? QStringLiteral("#firstRunBanner { background: #1d2f45; border: 1px solid "
                              "#3d6a99; border-radius: 4px; } QLabel { color: #dce9f7; }")
             : QStringLiteral("#firstRunBanner { background: #e8f1fc; border: 1px solid "
                              "#8fb5e8; border-radius: 4px; } QLabel { color: #1b3a5c; }"));
    m_updatingColors = false;
}

} // namespace drove::console
