-- description: hosts no automation may touch, with the reason (masters and hosts under an open hardware ticket are examples)
SELECT hostname, 'hadoop master' AS reason FROM inventory WHERE role = 'hadoop-master'
