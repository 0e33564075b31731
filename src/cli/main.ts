console.log('ccpulse');
