#pragma once

#include <QFrame>

namespace drove::console {

/// The banner a new user sees over the window on the embedded cluster: what this cluster is, what
/// it is for, and how to reach a real one. Dismissable; it does not come back once closed.
class FirstRunBanner : public QFrame
{
    Q_OBJECT

public:
    /// How the embedded cluster started this time.
    enum class Start {
        Seeded, ///< new, and seeded with the sample applications
        Empty,  ///< new, without them (--empty)
        Kept,   ///< its state kept from an earlier run
    };
    explicit FirstRunBanner(Start start, QWidget *parent = nullptr);

signals:
    void dismissed();

protected:
    void changeEvent(QEvent *event) override;

private:
    void updateColors();
    bool m_updatingColors = false;
};

} // namespace drove::console
