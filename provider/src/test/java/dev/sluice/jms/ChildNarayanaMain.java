package dev.sluice.jms;

import com.arjuna.ats.arjuna.recovery.RecoveryManager;
import com.arjuna.ats.internal.jta.recovery.arjunacore.XARecoveryModule;
import com.arjuna.ats.jta.recovery.XAResourceRecoveryHelper;
import jakarta.jms.XAConnection;
import jakarta.jms.XASession;
import jakarta.transaction.TransactionManager;
import java.nio.file.Path;
import javax.transaction.xa.XAResource;

/**
 * An application process with Narayana. {@code args}: Sluice URL, orders database URL, Narayana's log folder, then
 * either {@code stop-in <prepare|commit> <queue> <order id>}, which saves and sends one order in an XA transaction
 * and stops in that phase (the test kills it there), or {@code recover}, which runs Narayana's recovery with
 * Sluice's and the orders database's resources until it has nothing left to do, prints {@code recovered} and exits.
 */
public final class ChildNarayanaMain {

    private ChildNarayanaMain() {
    }

    public static void main(String[] args) throws Exception {
        NarayanaSupport.configure(Path.of(args[2]));
        SluiceXAConnectionFactory sluice = new SluiceXAConnectionFactory(args[0]);
        XAConnection jms = sluice.createXAConnection();
        javax.sql.XAConnection orders = NarayanaSupport.ordersDataSource(args[1]).getXAConnection();
        if (args[3].equals("stop-in")) {
            NarayanaSupport.StopInPhase.armedPhase = args[4];
            NarayanaSupport.StopInPhase stopper = new NarayanaSupport.StopInPhase();
            TransactionManager manager = com.arjuna.ats.jta.TransactionManager.transactionManager();
            manager.begin();
            // Narayana prepares and commits in enlistment order: stopping first in commit leaves both prepared
            // and logged; stopping last in prepare leaves both prepared and nothing logged.
            NarayanaSupport.saveAndSend(manager, jms.createXASession(), orders, args[5], args[6],
                    args[4].equals("commit") ? stopper : null, args[4].equals("prepare") ? stopper : null);
            manager.commit();
            throw new IllegalStateException("the transaction was not stopped");
        }
        XASession recoverySession = jms.createXASession();
        RecoveryManager recovery = RecoveryManager.manager(RecoveryManager.DIRECT_MANAGEMENT);
        XARecoveryModule module = XARecoveryModule.getRegisteredXARecoveryModule();
        module.addXAResourceRecoveryHelper(new XAResourceRecoveryHelper() {
            @Override
            public boolean initialise(String parameter) {
                return true;
            }

            @Override
            public XAResource[] getXAResources() throws Exception {
                return new XAResource[] {recoverySession.getXAResource(), orders.getXAResource()};
            }
        });
        for (int scan = 0; scan < 20 && !nothingInDoubt(recoverySession.getXAResource(), orders.getXAResource());
             scan++) {
            recovery.scan();
        }
        System.out.println(nothingInDoubt(recoverySession.getXAResource(), orders.getXAResource())
                ? "recovered" : "still in doubt");
        recovery.terminate();
        jms.close();
        orders.close();
        System.exit(0);
    }

    private static boolean nothingInDoubt(XAResource... resources) throws Exception {
        for (XAResource resource : resources) {
            if (resource.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN).length > 0) {
                return false;
            }
        }
        return true;
    }
}
